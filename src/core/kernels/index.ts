// CPU reference kernels: pure TypeScript, no DOM or GPU. Each WGSL kernel in shaders/ is
// tested bit for bit against the function here.
export * from './errors.ts';
export * from './float32.ts';
export * from './validate.ts';
export * from './layout.ts';
export * from './absmax.ts';
export * from './bnb4.ts';
export * from './double-quant.ts';
export * from './nbits.ts';
export * from './int8.ts';
export * from './convert.ts';
export * from './prune.ts';
export * from './stats.ts';
