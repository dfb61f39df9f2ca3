// A compact check of the nbformat 4.5 JSON schema (nbformat/v4/nbformat.v4.5.schema.json in
// jupyter/nbformat), written from its definitions because the tests run offline: top-level
// keys, notebook metadata, the three cell types with their required keys and
// additionalProperties: false, cell ids (^[a-zA-Z0-9-_]+$, 1–64 characters, unique, as
// nbformat's validator also requires), multiline strings, attachments as mime bundles, and
// code-cell outputs. Returns the violations found, empty when the notebook is valid.

type Json = unknown;
const isObject = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isMultiline = (v: Json) => typeof v === 'string' || (Array.isArray(v) && v.every((s) => typeof s === 'string'));
const isInt = (v: Json) => typeof v === 'number' && Number.isInteger(v);

const CELL_KEYS: Record<string, { required: string[]; allowed: string[] }> = {
  markdown: { required: ['id', 'cell_type', 'metadata', 'source'], allowed: ['attachments'] },
  raw: { required: ['id', 'cell_type', 'metadata', 'source'], allowed: ['attachments'] },
  code: { required: ['id', 'cell_type', 'metadata', 'source', 'outputs', 'execution_count'], allowed: [] },
};

function checkMimeBundle(bundle: Json, where: string, errors: string[]) {
  if (!isObject(bundle)) return void errors.push(`${where}: mime bundle must be an object`);
  for (const [mime, data] of Object.entries(bundle)) {
    if (/^application\/(.*\+)?json$/.test(mime)) continue;
    if (!isMultiline(data)) errors.push(`${where}["${mime}"]: must be a string or list of strings`);
  }
}

const OUTPUT_KEYS: Record<string, string[]> = {
  execute_result: ['output_type', 'data', 'metadata', 'execution_count'],
  display_data: ['output_type', 'data', 'metadata'],
  stream: ['output_type', 'name', 'text'],
  error: ['output_type', 'ename', 'evalue', 'traceback'],
};

function checkOutput(output: Json, where: string, errors: string[]) {
  if (!isObject(output)) return void errors.push(`${where}: output must be an object`);
  const allowed = OUTPUT_KEYS[String(output.output_type)] ?? [];
  for (const key of Object.keys(output)) if (allowed.length && !allowed.includes(key)) errors.push(`${where}: additional property "${key}" not allowed`);
  switch (output.output_type) {
    case 'execute_result':
      if (!(output.execution_count === null || (isInt(output.execution_count) && (output.execution_count as number) >= 0))) errors.push(`${where}.execution_count: null or integer ≥ 0`);
      checkMimeBundle(output.data, `${where}.data`, errors);
      if (!isObject(output.metadata)) errors.push(`${where}.metadata: required object`);
      break;
    case 'display_data':
      checkMimeBundle(output.data, `${where}.data`, errors);
      if (!isObject(output.metadata)) errors.push(`${where}.metadata: required object`);
      break;
    case 'stream':
      if (typeof output.name !== 'string' || !isMultiline(output.text)) errors.push(`${where}: stream needs name and text`);
      break;
    case 'error':
      if (typeof output.ename !== 'string' || typeof output.evalue !== 'string' || !Array.isArray(output.traceback)) errors.push(`${where}: error needs ename, evalue, traceback`);
      break;
    default:
      errors.push(`${where}.output_type: unknown ${JSON.stringify(output.output_type)}`);
  }
}

function checkCell(cell: Json, where: string, errors: string[], ids: Set<string>) {
  if (!isObject(cell)) return void errors.push(`${where}: cell must be an object`);
  const shape = CELL_KEYS[String(cell.cell_type)];
  if (!shape) return void errors.push(`${where}.cell_type: must be markdown, code or raw, found ${JSON.stringify(cell.cell_type)}`);
  for (const key of shape.required) if (!(key in cell)) errors.push(`${where}: missing required "${key}"`);
  for (const key of Object.keys(cell)) {
    if (!shape.required.includes(key) && !shape.allowed.includes(key)) errors.push(`${where}: additional property "${key}" not allowed`);
  }
  const id = cell.id;
  if (typeof id !== 'string' || !/^[a-zA-Z0-9-_]+$/.test(id) || id.length < 1 || id.length > 64) errors.push(`${where}.id: ${JSON.stringify(id)} does not match ^[a-zA-Z0-9-_]+$ (1–64 chars)`);
  else if (ids.has(id)) errors.push(`${where}.id: duplicate "${id}"`);
  else ids.add(id);
  if (!isObject(cell.metadata)) errors.push(`${where}.metadata: required object`);
  else {
    const tags = cell.metadata.tags;
    if (tags !== undefined && !(Array.isArray(tags) && tags.every((t) => typeof t === 'string' && !t.includes(',')) && new Set(tags).size === tags.length)) errors.push(`${where}.metadata.tags: unique strings without commas`);
    if (cell.metadata.jupyter !== undefined && !isObject(cell.metadata.jupyter)) errors.push(`${where}.metadata.jupyter: object`);
    if (cell.metadata.name !== undefined && !(typeof cell.metadata.name === 'string' && cell.metadata.name !== '')) errors.push(`${where}.metadata.name: non-empty string`);
  }
  if (!isMultiline(cell.source)) errors.push(`${where}.source: must be a string or list of strings`);
  if (cell.attachments !== undefined) {
    if (!isObject(cell.attachments)) errors.push(`${where}.attachments: object`);
    else for (const [name, bundle] of Object.entries(cell.attachments)) checkMimeBundle(bundle, `${where}.attachments["${name}"]`, errors);
  }
  if (cell.cell_type === 'code') {
    const count = cell.execution_count;
    if (!(count === null || (isInt(count) && (count as number) >= 0))) errors.push(`${where}.execution_count: null or integer ≥ 0`);
    if (!Array.isArray(cell.outputs)) errors.push(`${where}.outputs: list`);
    else cell.outputs.forEach((o, i) => checkOutput(o, `${where}.outputs[${i}]`, errors));
  }
}

export function nbformat45Violations(notebook: Json): string[] {
  const errors: string[] = [];
  if (!isObject(notebook)) return ['notebook: must be an object'];
  for (const key of ['metadata', 'nbformat_minor', 'nbformat', 'cells']) if (!(key in notebook)) errors.push(`notebook: missing required "${key}"`);
  for (const key of Object.keys(notebook)) {
    if (!['metadata', 'nbformat_minor', 'nbformat', 'cells'].includes(key)) errors.push(`notebook: additional property "${key}" not allowed`);
  }
  if (notebook.nbformat !== 4) errors.push(`nbformat: must be 4, found ${JSON.stringify(notebook.nbformat)}`);
  if (!isInt(notebook.nbformat_minor) || (notebook.nbformat_minor as number) < 5) errors.push(`nbformat_minor: integer ≥ 5 for cell ids, found ${JSON.stringify(notebook.nbformat_minor)}`);
  const meta = notebook.metadata;
  if (!isObject(meta)) errors.push('metadata: required object');
  else {
    const { kernelspec, language_info: languageInfo, title, authors, orig_nbformat: orig } = meta;
    if (kernelspec !== undefined && !(isObject(kernelspec) && typeof kernelspec.name === 'string' && typeof kernelspec.display_name === 'string')) errors.push('metadata.kernelspec: needs name and display_name strings');
    if (languageInfo !== undefined && !(isObject(languageInfo) && typeof languageInfo.name === 'string')) errors.push('metadata.language_info: needs a name string');
    if (title !== undefined && typeof title !== 'string') errors.push('metadata.title: string');
    if (authors !== undefined && !Array.isArray(authors)) errors.push('metadata.authors: list');
    if (orig !== undefined && !(isInt(orig) && (orig as number) >= 1)) errors.push('metadata.orig_nbformat: integer ≥ 1');
  }
  if (!Array.isArray(notebook.cells)) errors.push('cells: required list');
  else {
    const ids = new Set<string>();
    notebook.cells.forEach((cell, i) => checkCell(cell, `cells[${i}]`, errors, ids));
  }
  return errors;
}
