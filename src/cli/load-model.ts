// Finding and reading a model for the CLI: a Hugging Face style folder (config.json,
// onnx/model.onnx) or a .onnx file, with any external data files beside it.
import fs from 'node:fs';
import path from 'node:path';
import type { ModelProto } from 'onnx-buf';
import { externalLocations, inlineExternalData } from '../core/onnx/external.ts';
import { decodeModel } from '../core/onnx/proto.ts';

/** Bad command-line input: the CLI prints the message and exits with code 2. */
export class CliInputError extends Error {
  override readonly name = 'CliInputError';
}

export interface LoadedModel {
  model: ModelProto;
  onnxPath: string;
  config?: Record<string, unknown>;
}

export function loadModel(target: string): LoadedModel {
  const stat = statOrUndefined(target);
  if (!stat) throw new CliInputError(`Expected a model folder (with onnx/model.onnx) or a .onnx file; found no file or folder at "${target}". Check the path.`);
  const onnxPath = stat.isDirectory() ? path.join(target, 'onnx', 'model.onnx') : target;
  if (!statOrUndefined(onnxPath)) {
    throw new CliInputError(`Expected ${onnxPath} inside the model folder; found ${fs.readdirSync(target).join(', ') || 'an empty folder'}. Point to a folder laid out like the Hugging Face Hub (config.json, onnx/model.onnx) or to the .onnx file.`);
  }
  const model = decodeModel(new Uint8Array(fs.readFileSync(onnxPath)), path.basename(onnxPath));
  const dir = path.dirname(onnxPath);
  const files = new Map(externalLocations(model).filter((l) => statOrUndefined(path.join(dir, l))).map((l) => [l, new Uint8Array(fs.readFileSync(path.join(dir, l)))]));
  inlineExternalData(model, files);
  const configPath = stat.isDirectory() ? path.join(target, 'config.json') : path.join(dir, '..', 'config.json');
  return { model, onnxPath, config: statOrUndefined(configPath) ? readJson(configPath) : undefined };
}

export function readJson(file: string): Record<string, unknown> {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    throw new CliInputError(`Expected JSON in ${file}; found text that does not parse (${(error as Error).message}). Use the model's config.json.`);
  }
}

export function statOrUndefined(p: string): fs.Stats | undefined {
  try {
    return fs.statSync(p);
  } catch {
    return undefined;
  }
}
