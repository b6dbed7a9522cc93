/**
 * What kubelet max-pods a node boots with, read from its user data the way the EKS AMIs read it:
 * - AL2: `/etc/eks/bootstrap.sh <cluster> [--use-max-pods false] [--kubelet-extra-args '--max-pods=N']`.
 *   A `--max-pods` kubelet flag wins over the config file bootstrap.sh writes; `--use-max-pods false`
 *   leaves maxPods out of that file, so kubelet's own default (110) applies; otherwise bootstrap.sh
 *   writes the eni-max-pods.txt value.
 * - AL2023: nodeadm reads `NodeConfig` documents (`application/node.eks.aws` MIME parts):
 *   `spec.kubelet.config.maxPods`, or a `--max-pods` entry in `spec.kubelet.flags` (flags win).
 * Managed node groups send MIME multipart user data; both forms may appear inside it.
 */
import { parseAllDocuments } from 'yaml';

export type MaxPodsSource =
  | { kind: 'explicit'; maxPods: number; via: 'kubelet-extra-args' | 'nodeadm-config' | 'nodeadm-flags' }
  /** bootstrap.sh with `--use-max-pods false` and no `--max-pods`: kubelet's default, 110. */
  | { kind: 'kubelet-default' }
  /** bootstrap.sh without max-pods arguments: the eni-max-pods.txt value. */
  | { kind: 'bootstrap-default' }
  /** Nothing about max-pods in the user data: what EKS computes applies. */
  | { kind: 'none' };

export const KUBELET_DEFAULT_MAX_PODS = 110;

interface MimePart {
  contentType: string;
  body: string;
}

/** User data arrives base64-encoded from EC2; accept either form. */
export function decodeUserData(raw: string): string {
  const compact = raw.replace(/\s+/g, '');
  if (compact.length > 0 && compact.length % 4 === 0 && /^[A-Za-z0-9+/]+={0,2}$/.test(compact)) {
    const decoded = Buffer.from(compact, 'base64').toString('utf8');
    if (/^(#!|#cloud|MIME-Version|Content-Type|---|apiVersion)/im.test(decoded.trimStart())) return decoded;
  }
  return raw;
}

/** Splits MIME multipart user data into its parts; plain user data is one part. */
export function mimeParts(userData: string): MimePart[] {
  const boundary = /boundary="?([^"\s;]+)"?/i.exec(userData)?.[1];
  if (!/^\s*MIME-Version:/i.test(userData) || !boundary) {
    return [{ contentType: guessContentType(userData), body: userData }];
  }
  const parts: MimePart[] = [];
  for (const chunk of userData.split(`--${boundary}`).slice(1)) {
    if (chunk.startsWith('--')) break;
    const text = chunk.replace(/^\r?\n/, '');
    const split = /\r?\n\r?\n/.exec(text);
    if (!split) continue;
    const headers = text.slice(0, split.index);
    const body = text.slice(split.index + split[0].length);
    const contentType = /^content-type:\s*([^;\s]+)/im.exec(headers)?.[1]?.toLowerCase() ?? 'text/plain';
    parts.push({ contentType, body });
  }
  return parts;
}

function guessContentType(body: string): string {
  return /^\s*(apiVersion:\s*node\.eks\.aws|---\s*\n\s*apiVersion:\s*node\.eks\.aws)/.test(body)
    ? 'application/node.eks.aws'
    : 'text/x-shellscript';
}

/** Shell words of a command line: quotes, backslash escapes and line continuations. */
export function shellWords(line: string): string[] {
  const words: string[] = [];
  let current = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quote) {
      if (ch === quote) quote = undefined;
      else if (ch === '\\' && quote === '"' && i + 1 < line.length) current += line[++i];
      else current += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      inWord = true;
    } else if (ch === '\\' && line[i + 1] === '\n') {
      i++;
    } else if (ch === '\\' && i + 1 < line.length) {
      current += line[++i];
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(current);
      current = '';
      inWord = false;
    } else if (ch === '#' && !inWord) {
      break;
    } else {
      current += ch;
      inWord = true;
    }
  }
  if (inWord) words.push(current);
  return words;
}

function flagValue(words: string[], flag: string): string | undefined {
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (w === flag) return words[i + 1];
    if (w.startsWith(`${flag}=`)) return w.slice(flag.length + 1);
  }
  return undefined;
}

function parseCount(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d+$/.test(value.trim())) return undefined;
  return Number(value.trim());
}

function fromBootstrapScript(script: string): MaxPodsSource | undefined {
  const joined = script.replace(/\\\r?\n/g, ' ');
  const line = joined
    .split(/\r?\n/)
    .find((l) => /(^|[\s;&|/])bootstrap\.sh(\s|$)/.test(l) && !/^\s*#/.test(l));
  if (line === undefined) return undefined;
  const words = shellWords(line.slice(line.indexOf('bootstrap.sh')));
  const extra = flagValue(words, '--kubelet-extra-args');
  const explicit = parseCount(flagValue(shellWords(extra ?? ''), '--max-pods'));
  if (explicit !== undefined) return { kind: 'explicit', maxPods: explicit, via: 'kubelet-extra-args' };
  const useMaxPods = flagValue(words, '--use-max-pods');
  if (useMaxPods !== undefined && useMaxPods.toLowerCase() === 'false') return { kind: 'kubelet-default' };
  return { kind: 'bootstrap-default' };
}

interface NodeConfigDoc {
  kind?: unknown;
  spec?: { kubelet?: { config?: { maxPods?: unknown }; flags?: unknown } };
}

function fromNodeConfig(body: string): MaxPodsSource | undefined {
  let result: MaxPodsSource | undefined;
  for (const doc of parseAllDocuments(body)) {
    const value = doc.toJS() as NodeConfigDoc | null;
    if (!value || value.kind !== 'NodeConfig') continue;
    const flags = Array.isArray(value.spec?.kubelet?.flags) ? (value.spec.kubelet.flags as unknown[]) : [];
    const fromFlags = parseCount(flagValue(flags.map(String).flatMap(shellWords), '--max-pods'));
    if (fromFlags !== undefined) {
      result = { kind: 'explicit', maxPods: fromFlags, via: 'nodeadm-flags' };
      continue;
    }
    const configured = value.spec?.kubelet?.config?.maxPods;
    const count =
      typeof configured === 'number'
        ? configured
        : parseCount(typeof configured === 'string' ? configured : undefined);
    if (count !== undefined && Number.isInteger(count)) {
      result = { kind: 'explicit', maxPods: count, via: 'nodeadm-config' };
    }
  }
  return result;
}

/** What the user data says about max-pods. Later NodeConfig documents override earlier ones, as nodeadm merges them. */
export function maxPodsFromUserData(userData: string | undefined): MaxPodsSource {
  if (!userData) return { kind: 'none' };
  const parts = mimeParts(decodeUserData(userData));
  let nodeadm: MaxPodsSource | undefined;
  let bootstrap: MaxPodsSource | undefined;
  for (const part of parts) {
    if (part.contentType === 'application/node.eks.aws') {
      try {
        nodeadm = fromNodeConfig(part.body) ?? nodeadm;
      } catch {
        // nodeadm refuses a malformed document and the node keeps EKS's value; so do we.
      }
    } else {
      bootstrap = fromBootstrapScript(part.body) ?? bootstrap;
    }
  }
  return nodeadm ?? bootstrap ?? { kind: 'none' };
}
