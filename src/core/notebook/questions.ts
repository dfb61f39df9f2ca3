// The eight reflection questions, in our own words. Their ids are part of saved answers and
// exported notebooks, so an id never changes meaning: reword the text freely, but a new
// question gets a new id.
import type { Brand } from './brand.ts';

export type QuestionId = Brand<string, 'QuestionId'>;
export type ReflectionPart = 'quantization' | 'pruning';

export interface Question {
  readonly id: QuestionId;
  readonly part: ReflectionPart;
  /** 1-based position shown to the student ("Question 3"). */
  readonly number: number;
  /** The question itself; also the accessible label of its answer box. */
  readonly text: string;
  /** A nudge towards what to look at, never the answer. */
  readonly hint: string;
}

function q(id: string, part: ReflectionPart, number: number, text: string, hint: string): Question {
  return { id: id as QuestionId, part, number, text, hint };
}

export const QUESTIONS: readonly Question[] = [
  q('q1', 'quantization', 1,
    'Why can storing a model’s weights in fewer bits change how accurate it is?',
    'Think about what happens to a weight that falls between two values the format can represent.'),
  q('q2', 'quantization', 2,
    'Going from 32-bit weights to 8 or 4 bits, what do you gain and what do you give up?',
    'Compare size, speed and the error in each weight.'),
  q('q3', 'quantization', 3,
    'INT8 and FP16 both use fewer bits than FP32. What does each one store, and what does each one lose?',
    'One keeps an exponent; the other needs a scale stored beside the codes.'),
  q('q4', 'quantization', 4,
    'Judging by your own measurements, which format would you choose? Did the results match what you expected?',
    'Use the numbers you measured, not the ones you hoped for.'),
  q('q5', 'pruning', 5,
    'How did pruning change the size of the model, and is that what you expected?',
    'Look at the bytes the weights occupy, not only at how many of them are zero.'),
  q('q6', 'pruning', 6,
    'Which made the model smaller, pruning or quantization — and why?',
    'Ask what each technique removes or shrinks in the stored tensors.'),
  q('q7', 'pruning', 7,
    'Which raised perplexity more, pruning or quantization? Why do you think that is?',
    'Consider how many weights each one changes, and by how much.'),
  q('q8', 'pruning', 8,
    'To make the model smaller and faster without losing much accuracy, would you prune or quantize? Base your answer on your results.',
    'Weigh size, speed and perplexity together.'),
];

const byId = new Map<string, Question>(QUESTIONS.map((question) => [question.id, question]));

export function isQuestionId(value: unknown): value is QuestionId {
  return typeof value === 'string' && byId.has(value);
}

export function questionById(id: QuestionId): Question {
  const question = byId.get(id);
  if (!question) throw new Error(`Unknown question id "${id}"`);
  return question;
}

export function questionsOfPart(part: ReflectionPart): readonly Question[] {
  return QUESTIONS.filter((question) => question.part === part);
}
