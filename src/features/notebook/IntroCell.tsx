export function IntroCell() {
  return (
    <section className="cell cell-text" aria-labelledby="intro-title">
      <h1 id="intro-title">Why compress a model?</h1>
      <p>
        A trained network is mostly numbers: BERT-base keeps about 110 million of them, each a
        32-bit float — some 440 MB before it has read a word. Storing every weight in fewer bits
        (16, 8, even 4) or removing weights that matter least makes the model smaller, and often
        faster, at the price of small errors in every number it stores.
      </p>
      <p>
        In this notebook you do it for real: your browser&apos;s GPU quantizes and prunes a BERT,
        runs every variant, and measures what you gained and what you lost. First, look closely
        at what happens to a single number.
      </p>
    </section>
  );
}
