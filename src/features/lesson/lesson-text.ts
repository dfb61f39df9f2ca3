// The lesson's explanations, in Markdown with KaTeX math. Each one is a text cell of the
// notebook and a markdown cell of the exported .ipynb. Facts here follow
// ../shared/reference/errata.md: where the classic notebook is wrong, we say what is right.

/**
 * A raw template for Markdown with TeX: backslashes stay as written (for KaTeX), and the
 * escaped backticks that a template literal needs for inline code become plain backticks.
 */
function md(strings: TemplateStringsArray, ...values: unknown[]): string {
  return String.raw({ raw: strings.raw }, ...values).replace(/\\`/g, '`');
}

export interface LessonText {
  id: string;
  kicker: string;
  markdown: string;
}

export const LESSON_FP32: LessonText = {
  id: 'fp32',
  kicker: 'Baseline',
  markdown: md`## FP32: the model as it was trained

Every weight is an IEEE 754 single: 1 sign bit, 8 exponent bits and 23 mantissa bits, about
7 significant decimal digits. A model's size in FP32 is simply $4\,\text{bytes} \times n$ for
$n$ parameters. Every compressed variant below is compared with this one, on the same inputs,
the same masked positions and the same device.`,
};

export const LESSON_FP16: LessonText = {
  id: 'fp16',
  kicker: 'Quantization · 16 bits',
  markdown: md`## FP16 and BF16: half the bytes, almost the same numbers

FP16 keeps 1 sign, 5 exponent and 10 mantissa bits (bias 15). Rounding to nearest-even loses
at most half a unit in the last place, a relative error below $2^{-11} \approx 0.05\,\%$ — far
smaller than the noise a trained network tolerates. The danger is range: the largest FP16 value
is 65504 (try 65520 in the lab: it rounds to infinity), and values below $2^{-24}$ vanish.

BF16 makes the other trade: FP32's 8 exponent bits (same range), only 7 mantissa bits. A
weight stored in 16 bits still has to be multiplied by something: on a GPU without FP16
arithmetic, the 16-bit weights are converted back to FP32 just before use — the file and the
memory shrink, the arithmetic does not.`,
};

export const LESSON_INT8: LessonText = {
  id: 'int8',
  kicker: 'Quantization · 8 bits',
  markdown: md`## INT8 the way bitsandbytes does it: LLM.int8()

An integer code means nothing without a scale. For every output row of a weight matrix,
bitsandbytes stores the row's largest magnitude $\text{absmax}$ and the codes
$$q = \operatorname{round}\!\left(w \cdot \frac{127}{\text{absmax}}\right) \in [-127, 127],$$
so $w \approx q \cdot \text{absmax} / 127$. At run time the *activations* are quantized too,
one scale per token, and the product is computed with integers and rescaled.

A few input features of a large transformer carry huge activations. LLM.int8() finds every
feature column with some $|x| \ge 6.0$ (the *outlier threshold*) in the current batch and
multiplies those columns in 16-bit instead; the rest goes through the int8 path, and the two
results are added. Only the \`Linear\` layers are quantized: embeddings, LayerNorms and the
output layer (tied to the word embeddings) stay in 16-bit.`,
};

export const LESSON_FP4: LessonText = {
  id: 'fp4',
  kicker: 'Quantization · 4 bits',
  markdown: md`## 4-bit FP4: what \`load_in_4bit=True\` really does

With no other option, bitsandbytes' 4-bit type is **FP4**, not INT4: a tiny float with
1 sign, 2 exponent and 1 mantissa bit, used as a 16-entry table of the values
$\pm\{0, 0.0625, 2, 3, 4, 6, 8, 12\}/12$. The weight is cut into blocks of 64 consecutive
values; each block stores its absmax (a 32-bit float) and every value becomes the code of the
nearest table entry after dividing by that absmax:
$$\hat w = \text{table}[q] \cdot \text{absmax}.$$
Storage is 4 bits per weight plus $32/64 = 0.5$ bit of scale: 4.5 bits, not 4.`,
};

export const LESSON_NF4: LessonText = {
  id: 'nf4',
  kicker: 'Quantization · 4 bits',
  markdown: md`## NF4: a codebook shaped like the weights

Trained weights are roughly normally distributed: most are close to zero, few are large.
NF4 spends its 16 values accordingly — they are quantiles of a normal distribution scaled to
$[-1, 1]$, with an exact zero. There is no sign, exponent or mantissa field: the 4 bits are
simply an index into that table (see the lab's number line: the NF4 ticks crowd near zero).

*Double quantization* compresses the scales themselves: the 32-bit absmax of every block is
stored as an 8-bit code (blocks of 256 absmax values, each with one 32-bit scale, plus one
mean offset), bringing the cost from 4.5 to about 4.127 bits per weight.`,
};

export const LESSON_INT4: LessonText = {
  id: 'int4',
  kicker: 'Quantization · 4 bits',
  markdown: md`## INT4: true 4-bit integers

What transformers.js calls \`q4\` is a real integer format: blocks of 32 weights along the
input dimension, one scale per block, codes $0 \dots 15$ around a zero point of 8. The
symmetric scale takes the block's value of largest magnitude $v$ and sets
$s = v / (-8)$, so that value lands exactly on code 0 and the grid is even: INT4 spaces its
values uniformly, where FP4 and NF4 do not. Cost: 4 bits plus 32/32 = 1 bit of scale.`,
};

export const LESSON_SIZES: LessonText = {
  id: 'sizes',
  kicker: 'Compare',
  markdown: md`## How big is each model, really?

transformers' \`get_memory_footprint()\` counts parameters and buffers: a 4-bit weight as
$n/2$ bytes, an 8-bit weight as $n$ bytes. It does **not** count the absmax of every 4-bit block
or the row scales of 8-bit weights, so the numbers it prints are slightly optimistic. bitlab
shows that convention (so you can compare with Python) and the true bytes, scales included.`,
};

export const LESSON_EVALUATE: LessonText = {
  id: 'evaluate',
  kicker: 'Evaluate',
  markdown: md`## Did compression hurt? Masked-LM perplexity, measured fairly

BERT predicts hidden words. We hide 15 % of the real tokens of every held-out line — never
\`[CLS]\`, \`[SEP]\` or padding — with a fixed seed, so every variant answers exactly the same
questions. The loss is averaged over the masked tokens $M$:
$$\mathrm{PPL} = \exp\!\Big(-\frac{1}{|M|}\sum_{i \in M} \log p_\theta(x_i \mid \tilde x)\Big).$$
Lower is better. A difference between two variants only counts if it is larger than the
noise: each result comes with a 95 % bootstrap interval over lines, and each comparison with
the paired difference's interval.`,
};

export const LESSON_PRUNING: LessonText = {
  id: 'pruning',
  kicker: 'Pruning',
  markdown: md`## Pruning: removing weights instead of shortening them

*Unstructured magnitude pruning* zeroes the $k = \operatorname{round}(p \cdot n)$ weights of
smallest $|w|$ in each layer (20 % and 40 % here). A surprise: it does not make the model
smaller. PyTorch's \`prune\` even keeps the original weights *and* a mask of the same shape,
and a dense matrix full of zeros takes exactly the bytes it took before. Storage shrinks only
with a sparse format (indices of the survivors, or a bitmask), and dense inference gets no
faster.

*Structured pruning* removes whole feed-forward neurons or attention heads, so the matrices
become physically smaller — and faster. *2:4 sparsity* keeps the 2 largest of every 4
consecutive weights, a pattern some GPUs execute at double speed.`,
};
