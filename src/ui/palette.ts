// Okabe–Ito (Color Universal Design): eight colours that stay distinguishable with the common
// colour-vision deficiencies. Charts take series colours from here, in this order, so a variant
// keeps its colour from one chart to the next.
export const OKABE_ITO = [
  '#0072B2', // blue
  '#E69F00', // orange
  '#009E73', // bluish green
  '#D55E00', // vermillion
  '#CC79A7', // reddish purple
  '#56B4E9', // sky blue
  '#F0E442', // yellow (low contrast on white: used last)
  '#000000', // black
] as const;

/** The colour of the i-th series; wraps after eight. */
export function seriesColor(index: number): string {
  return OKABE_ITO[((index % OKABE_ITO.length) + OKABE_ITO.length) % OKABE_ITO.length]!;
}
