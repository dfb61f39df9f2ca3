import { describe, expect, it } from 'vitest';
describe('node test project', () => {
  it('runs in Node', () => { expect(typeof process.versions.node).toBe('string'); });
});
