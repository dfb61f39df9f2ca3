// Named errors for kernel inputs. Every check says what was expected and what was given,
// so a caller (the UI, the ONNX rewriter) can show it without guessing.

export type KernelInputErrorCode =
  | 'empty'
  | 'length-mismatch'
  | 'block-size'
  | 'bad-scale'
  | 'shape'
  | 'bad-parameter'
  | 'too-large';

export class KernelInputError extends Error {
  override readonly name = 'KernelInputError';
  constructor(
    readonly code: KernelInputErrorCode,
    readonly kernel: string,
    readonly expected: string,
    readonly given: string,
  ) {
    super(`${kernel}: expected ${expected}, got ${given}`);
  }
}
