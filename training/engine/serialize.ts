// ---------------------------------------------------------------------------------------------
// Serialization: "KBEN" magic, uint32 header length, JSON header, then 4-byte aligned binary
// blocks (encoder weights as Float32Array). Lexical indexes are rebuilt from the KB text on load
// (deterministic and fast), the encoders are not retrained.
import { type SerializedEncoder } from "../encoder";
import { type FusionModel } from "../fusion";
import { type EngineState } from "./engine";
import { type Calibration, type EncoderMode, ENGINE_FORMAT_VERSION, type EngineStats, type KbInput } from "./types";

export const MAGIC = 0x4e45424b; // "KBEN" little-endian

export interface BlockRef {
  offset: number;
  length: number;
  type: "f32" | "u32";
}

export interface Header {
  formatVersion: number;
  kb: KbInput;
  mode: EncoderMode;
  fusion: FusionModel;
  calibration: Calibration;
  stats: EngineStats;
  encoders: { formatVersion: number; dim: number; numClasses: number; hashes: BlockRef; input: BlockRef; output: BlockRef }[];
  transformer: { id: string; dim: number; vectors: BlockRef } | null;
  /** Candidate-restricted classifiers (calibrated that way, so loaded that way). */
  restricted?: boolean;
}

export function serializeState(s: EngineState): Uint8Array {
  const blocks: Uint8Array[] = [];
  let offset = 0;
  const add = (arr: Float32Array | Uint32Array): BlockRef => {
    const bytes = new Uint8Array(arr.buffer, arr.byteOffset, arr.byteLength);
    const ref: BlockRef = { offset, length: arr.length, type: arr instanceof Float32Array ? "f32" : "u32" };
    blocks.push(bytes);
    offset += bytes.byteLength;
    return ref;
  };
  const header: Header = {
    formatVersion: ENGINE_FORMAT_VERSION,
    kb: s.kb,
    mode: s.mode,
    fusion: s.fusion,
    calibration: s.calibration,
    stats: s.stats,
    encoders: s.core.encoders.map((e) => {
      const ser: SerializedEncoder = e.serialize();
      return {
        formatVersion: ser.formatVersion,
        dim: ser.dim,
        numClasses: ser.numClasses,
        hashes: add(ser.hashes),
        input: add(ser.input),
        output: add(ser.output),
      };
    }),
    transformer: s.core.trVecs && s.embedder ? { id: s.embedder.id, dim: s.core.trDim, vectors: add(s.core.trVecs) } : null,
    restricted: s.core.restricted,
  };
  const json = new TextEncoder().encode(JSON.stringify(header));
  const headLen = 8 + json.byteLength;
  const pad = (4 - (headLen % 4)) % 4;
  const out = new Uint8Array(headLen + pad + offset);
  const view = new DataView(out.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, json.byteLength, true);
  out.set(json, 8);
  let p = headLen + pad;
  for (const b of blocks) {
    out.set(b, p);
    p += b.byteLength;
  }
  return out;
}
