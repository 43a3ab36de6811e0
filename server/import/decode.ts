/**
 * Text of an uploaded table in whatever encoding it came: UTF-8 with or without BOM, UTF-16 with
 * BOM (Excel's "Unicode text"), or — what Excel in China saves CSV as — GBK/GB18030 (found with
 * `chardet`, decoded with `iconv-lite`). A file whose lines are partly UTF-8 and partly another
 * encoding (two files pasted together) is refused, naming a line of each.
 */
import chardet from 'chardet';
import iconv from 'iconv-lite';
import { ImportError } from './errors';

const utf8 = new TextDecoder('utf-8', { fatal: true });

function isUtf8(bytes: Uint8Array): boolean {
  try {
    utf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** Lines (1-based) that are valid UTF-8 with non-ASCII text, and lines that are not valid UTF-8. */
function lineKinds(bytes: Uint8Array): { utf8Line?: number; otherLine?: number } {
  let start = 0;
  let line = 1;
  const out: { utf8Line?: number; otherLine?: number } = {};
  for (let i = 0; i <= bytes.length; i++) {
    if (i === bytes.length || bytes[i] === 0x0a) {
      const part = bytes.subarray(start, i);
      if (part.some((b) => b >= 0x80)) {
        if (isUtf8(part)) out.utf8Line ??= line;
        else out.otherLine ??= line;
      }
      if (out.utf8Line !== undefined && out.otherLine !== undefined) return out;
      start = i + 1;
      line++;
    }
  }
  return out;
}

/** Encodings we read besides UTF-8; chardet's other answers for a non-UTF-8 file are read as GB18030 if that decodes cleanly. */
const KNOWN: Record<string, string> = { 'GB18030': 'gb18030', 'GBK': 'gb18030', 'GB2312': 'gb18030', 'Big5': 'big5', 'UTF-16LE': 'utf-16le', 'UTF-16BE': 'utf-16be' };

export function decodeText(bytes: Uint8Array, what = 'file'): { text: string; encoding: string } {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    const rest = bytes.subarray(3);
    if (!isUtf8(rest)) throw mixed(rest, what);
    return { text: utf8.decode(rest), encoding: 'UTF-8 (BOM)' };
  }
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return { text: iconv.decode(Buffer.from(bytes.subarray(2)), 'utf-16le'), encoding: 'UTF-16LE' };
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return { text: iconv.decode(Buffer.from(bytes.subarray(2)), 'utf-16be'), encoding: 'UTF-16BE' };
  if (isUtf8(bytes)) return { text: utf8.decode(bytes), encoding: 'UTF-8' };
  const kinds = lineKinds(bytes);
  if (kinds.utf8Line !== undefined && kinds.otherLine !== undefined) throw mixed(bytes, what);
  const guess = chardet.detect(bytes) ?? '';
  const enc = KNOWN[guess] ?? 'gb18030';
  const text = iconv.decode(Buffer.from(bytes), enc);
  if (text.includes('\ufffd'))
    throw new ImportError(422, 'unknown_encoding', `The ${what} is neither UTF-8 nor GBK/GB18030 (detected: ${guess || 'unknown'}); save it as UTF-8 (in Excel: "CSV UTF-8") and try again.`);
  return { text, encoding: enc === 'gb18030' ? 'GB18030 (GBK)' : guess };
}

function mixed(bytes: Uint8Array, what: string): ImportError {
  const k = lineKinds(bytes);
  return new ImportError(
    422,
    'mixed_encoding',
    `The ${what} mixes text encodings: line ${k.utf8Line ?? '?'} is UTF-8 but line ${k.otherLine ?? '?'} is not (GBK?). Save the whole file in one encoding (UTF-8 recommended) and try again.`,
    { row: k.otherLine },
  );
}
