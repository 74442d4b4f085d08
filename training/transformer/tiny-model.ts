/**
 * Writes a tiny BERT-shaped model folder (random weights + a Chinese character tokenizer) that
 * transformers.js loads exactly like a real one from the hub (stack.md: no pretrained weights are
 * reachable here). It exercises loading, tokenizing, pooling and indexing in tests; it says
 * nothing about quality.
 *
 * Graph (ONNX opset 13, IR 7, runs on onnxruntime-node 1.14):
 *   e   = word_emb[input_ids] + type_emb[token_type_ids] + pos_emb[0..seq)
 *   ctx = masked mean of e over the sequence          (so that the CLS vector sees the whole text)
 *   last_hidden_state = tanh((e + ctx) @ W + b) * attention_mask
 */
import fs from "node:fs/promises";
import path from "node:path";

import iconv from "iconv-lite";
import onnxProto from "onnx-proto";

import { rng } from "../encoder";

const { onnx } = onnxProto;
const FLOAT = onnx.TensorProto.DataType.FLOAT;
const INT64 = onnx.TensorProto.DataType.INT64;

export interface TinyModelOptions {
  hidden?: number;
  seed?: number;
  maxPositions?: number;
  /** "model_quantized.onnx" (the default, like the hub's int8 files) or "model.onnx". */
  onnxFile?: "model_quantized.onnx" | "model.onnx";
  /** Include the 3008 level-2 GB2312 characters as well (about 6.8k Chinese characters). */
  fullGb2312?: boolean;
}

export const TINY_SPECIAL_TOKENS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"] as const;

/**
 * The GB2312 character set: level 1 holds the 3755 most common characters, level 2 another 3008.
 * iconv-lite already ships the table, so no word list has to be downloaded or committed.
 */
export function gb2312Chars(levels: 1 | 2 = 1): string[] {
  const out: string[] = [];
  const lastRow = levels === 1 ? 0xd7 : 0xf7;
  for (let row = 0xb0; row <= lastRow; row++) {
    for (let col = 0xa1; col <= 0xfe; col++) {
      const ch = iconv.decode(Buffer.from([row, col]), "gb2312");
      if (ch.length === 1 && /\p{Script=Han}/u.test(ch)) out.push(ch);
    }
  }
  return out;
}

/** Vocabulary in id order: specials, ASCII, "##"-continuations of ASCII, Chinese punctuation, Han. */
export function tinyVocab(fullGb2312 = false): string[] {
  const vocab: string[] = [...TINY_SPECIAL_TOKENS];
  const ascii: string[] = [];
  // Upper-case letters never reach the model: the BertNormalizer lower-cases first.
  for (let c = 0x21; c <= 0x7e; c++) {
    const ch = String.fromCharCode(c);
    if (ch >= "A" && ch <= "Z") continue;
    ascii.push(ch);
  }
  vocab.push(...ascii);
  for (const ch of ascii) if (/[a-z0-9]/.test(ch)) vocab.push(`##${ch}`);
  vocab.push(..."，。、；：？！“”‘’（）【】《》…—～·");
  vocab.push(...gb2312Chars(fullGb2312 ? 2 : 1));
  return [...new Set(vocab)];
}

function tokenizerJson(vocab: string[]) {
  const ids: Record<string, number> = {};
  vocab.forEach((t, i) => (ids[t] = i));
  const special = (t: string) => ({ id: ids[t], content: t, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true });
  return {
    version: "1.0",
    truncation: null,
    padding: null,
    added_tokens: TINY_SPECIAL_TOKENS.map(special),
    normalizer: { type: "BertNormalizer", clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
    pre_tokenizer: { type: "BertPreTokenizer" },
    post_processor: {
      type: "TemplateProcessing",
      single: [{ SpecialToken: { id: "[CLS]", type_id: 0 } }, { Sequence: { id: "A", type_id: 0 } }, { SpecialToken: { id: "[SEP]", type_id: 0 } }],
      pair: [
        { SpecialToken: { id: "[CLS]", type_id: 0 } },
        { Sequence: { id: "A", type_id: 0 } },
        { SpecialToken: { id: "[SEP]", type_id: 0 } },
        { Sequence: { id: "B", type_id: 1 } },
        { SpecialToken: { id: "[SEP]", type_id: 1 } },
      ],
      special_tokens: {
        "[CLS]": { id: "[CLS]", ids: [ids["[CLS]"]], tokens: ["[CLS]"] },
        "[SEP]": { id: "[SEP]", ids: [ids["[SEP]"]], tokens: ["[SEP]"] },
      },
    },
    decoder: { type: "WordPiece", prefix: "##", cleanup: true },
    model: { type: "WordPiece", unk_token: "[UNK]", continuing_subword_prefix: "##", max_input_chars_per_word: 100, vocab: ids },
  };
}

function floatTensor(name: string, dims: number[], rand: () => number, scale: number) {
  const n = dims.reduce((a, b) => a * b, 1);
  const data = new Float32Array(n);
  for (let i = 0; i < n; i++) data[i] = (rand() * 2 - 1) * scale;
  return onnx.TensorProto.create({ name, dims, dataType: FLOAT, rawData: new Uint8Array(data.buffer) });
}

function int64Tensor(name: string, dims: number[], values: number[]) {
  return onnx.TensorProto.create({ name, dims, dataType: INT64, int64Data: values });
}

function valueInfo(name: string, elemType: number, dims: (string | number)[]) {
  return onnx.ValueInfoProto.create({
    name,
    type: {
      tensorType: {
        elemType,
        shape: { dim: dims.map((d) => (typeof d === "number" ? { dimValue: d } : { dimParam: d })) },
      },
    },
  });
}

function node(opType: string, inputs: string[], outputs: string[], attrs: Record<string, number> = {}) {
  return onnx.NodeProto.create({
    opType,
    input: inputs,
    output: outputs,
    name: `${opType}_${outputs[0]}`,
    attribute: Object.entries(attrs).map(([name, i]) => ({ name, i, type: onnx.AttributeProto.AttributeType.INT })),
  });
}

export function buildTinyBertOnnx(opts: { vocabSize: number; hidden: number; maxPositions: number; seed: number }): Uint8Array {
  const { vocabSize, hidden: H, maxPositions, seed } = opts;
  const rand = rng(seed);
  const initializer = [
    floatTensor("word_emb", [vocabSize, H], rand, 1),
    floatTensor("pos_emb", [maxPositions, H], rand, 0.1),
    floatTensor("type_emb", [2, H], rand, 0.1),
    floatTensor("W", [H, H], rand, 1 / Math.sqrt(H)),
    floatTensor("b", [H], rand, 0.1),
    int64Tensor("zero", [], [0]),
    int64Tensor("one", [], [1]),
    int64Tensor("axis1", [1], [1]),
    int64Tensor("axis2", [1], [2]),
    onnx.TensorProto.create({ name: "eps", dims: [], dataType: FLOAT, floatData: [1e-6] }),
  ];
  const nodes = [
    node("Gather", ["word_emb", "input_ids"], ["we"], { axis: 0 }),
    node("Gather", ["type_emb", "token_type_ids"], ["te"], { axis: 0 }),
    node("Shape", ["input_ids"], ["ids_shape"]),
    node("Gather", ["ids_shape", "one"], ["seq_len"], { axis: 0 }),
    node("Range", ["zero", "seq_len", "one"], ["pos_ids"]),
    node("Gather", ["pos_emb", "pos_ids"], ["pe"], { axis: 0 }),
    node("Add", ["we", "te"], ["e0"]),
    node("Add", ["e0", "pe"], ["e"]),
    node("Cast", ["attention_mask"], ["mask_f"], { to: FLOAT }),
    node("Unsqueeze", ["mask_f", "axis2"], ["mask3"]),
    node("Mul", ["e", "mask3"], ["e_masked"]),
    node("ReduceSum", ["e_masked", "axis1"], ["e_sum"], { keepdims: 1 }),
    node("ReduceSum", ["mask3", "axis1"], ["m_sum"], { keepdims: 1 }),
    node("Max", ["m_sum", "eps"], ["m_sum_safe"]),
    node("Div", ["e_sum", "m_sum_safe"], ["ctx"]),
    node("Add", ["e", "ctx"], ["h0"]),
    node("MatMul", ["h0", "W"], ["h1"]),
    node("Add", ["h1", "b"], ["h2"]),
    node("Tanh", ["h2"], ["h3"]),
    node("Mul", ["h3", "mask3"], ["last_hidden_state"]),
  ];
  const graph = onnx.GraphProto.create({
    name: "tiny_bert",
    node: nodes,
    initializer,
    input: [
      valueInfo("input_ids", INT64, ["batch_size", "sequence_length"]),
      valueInfo("attention_mask", INT64, ["batch_size", "sequence_length"]),
      valueInfo("token_type_ids", INT64, ["batch_size", "sequence_length"]),
    ],
    output: [valueInfo("last_hidden_state", FLOAT, ["batch_size", "sequence_length", H])],
  });
  const model = onnx.ModelProto.create({
    irVersion: 7,
    producerName: "kb-studio-tiny-model",
    opsetImport: [{ domain: "", version: 13 }],
    graph,
  });
  return onnx.ModelProto.encode(model).finish();
}

/**
 * Writes `<dir>/config.json`, `tokenizer.json`, `tokenizer_config.json` and `onnx/<file>`.
 * `dir` is the model folder itself, e.g. `<modelsDir>/test/tiny-bert-zh`.
 */
export async function writeTinyBertModel(dir: string, opts: TinyModelOptions = {}): Promise<{ dir: string; vocabSize: number; hidden: number }> {
  const hidden = opts.hidden ?? 32;
  const maxPositions = opts.maxPositions ?? 512;
  const seed = opts.seed ?? 42;
  const vocab = tinyVocab(opts.fullGb2312 ?? false);
  const config = {
    _name_or_path: "kb-studio/tiny-bert-zh",
    architectures: ["BertModel"],
    model_type: "bert",
    hidden_size: hidden,
    num_hidden_layers: 1,
    num_attention_heads: 1,
    intermediate_size: hidden,
    max_position_embeddings: maxPositions,
    type_vocab_size: 2,
    vocab_size: vocab.length,
    pad_token_id: 0,
  };
  const tokenizerConfig = {
    tokenizer_class: "BertTokenizer",
    do_lower_case: true,
    tokenize_chinese_chars: true,
    model_max_length: maxPositions,
    pad_token: "[PAD]",
    unk_token: "[UNK]",
    cls_token: "[CLS]",
    sep_token: "[SEP]",
    mask_token: "[MASK]",
    clean_up_tokenization_spaces: true,
  };
  await fs.mkdir(path.join(dir, "onnx"), { recursive: true });
  await fs.writeFile(path.join(dir, "config.json"), JSON.stringify(config, null, 2));
  await fs.writeFile(path.join(dir, "tokenizer.json"), JSON.stringify(tokenizerJson(vocab)));
  await fs.writeFile(path.join(dir, "tokenizer_config.json"), JSON.stringify(tokenizerConfig, null, 2));
  const bytes = buildTinyBertOnnx({ vocabSize: vocab.length, hidden, maxPositions, seed });
  await fs.writeFile(path.join(dir, "onnx", opts.onnxFile ?? "model_quantized.onnx"), bytes);
  return { dir, vocabSize: vocab.length, hidden };
}
