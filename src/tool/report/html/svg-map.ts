/**
 * The address map: one SVG bar per VPC CIDR block, drawn to scale. A block is laid out in rows of at
 * most 4,096 addresses (a /20), so a /16 is 16 rows; subnets are aligned to their size, so each one
 * (and each free gap, split into aligned blocks) is one rectangle: inside a row, or whole rows. Each
 * subnet is one `<g class="subnet">` with a `<title>` (CIDR, zone, size, used, free).
 */
import type { MapBlock, MapSegment } from '../address-map.js';
import { escapeHtml, num } from './escape.js';

export const ROW_ADDRESSES = 4096;
const WIDTH = 1000;
const GUTTER = 110;
const ROW_HEIGHT = 22;

function title(s: MapSegment): string {
  if (s.kind === 'free') return `${s.cidr}\nfree: ${num(s.size)} addresses, no subnet`;
  const what = {
    node: 'node subnet',
    pod: 'pod subnet',
    'node+pod': 'node and pod subnet',
    other: 'other subnet',
  }[s.kind];
  return [
    `${s.cidr} (${what})`,
    `${s.subnetId ?? ''}${s.name ? ` ${s.name}` : ''}`,
    `zone: ${s.zone ?? '-'}`,
    `size: ${num(s.size)} (${num(s.usable ?? 0)} usable)`,
    `used: ${num(s.used ?? 0)}`,
    `free: ${num(s.free ?? 0)}`,
  ].join('\n');
}

function rect(s: MapSegment, perRow: number): { x: number; y: number; w: number; h: number } {
  const row = Math.floor(s.offset / perRow);
  if (s.size >= perRow) {
    return { x: GUTTER, y: row * ROW_HEIGHT, w: WIDTH, h: (s.size / perRow) * ROW_HEIGHT };
  }
  const x = GUTTER + ((s.offset % perRow) / perRow) * WIDTH;
  return { x, y: row * ROW_HEIGHT, w: (s.size / perRow) * WIDTH, h: ROW_HEIGHT };
}

const f = (n: number) => String(Math.round(n * 100) / 100);

function segment(s: MapSegment, perRow: number): string {
  const r = rect(s, perRow);
  const box = `x="${f(r.x)}" y="${f(r.y)}" width="${f(r.w)}" height="${f(r.h)}"`;
  if (s.kind === 'free')
    return `<g class="gap" data-cidr="${escapeHtml(s.cidr)}"><title>${escapeHtml(title(s))}</title><rect class="k-free" ${box}/></g>`;
  const usedShare = s.usable ? Math.min(1, (s.used ?? 0) / s.usable) : 0;
  const used =
    usedShare > 0
      ? `<rect class="used" x="${f(r.x)}" y="${f(r.y + r.h * (1 - usedShare))}" width="${f(r.w)}" height="${f(r.h * usedShare)}"/>`
      : '';
  return (
    `<g class="subnet k-${s.kind === 'node+pod' ? 'nodepod' : s.kind}" data-cidr="${escapeHtml(s.cidr)}"` +
    ` data-subnet="${escapeHtml(s.subnetId ?? '')}" data-zone="${escapeHtml(s.zone ?? '')}">` +
    `<title>${escapeHtml(title(s))}</title><rect class="area" ${box}/>${used}</g>`
  );
}

export function blockSvg(block: MapBlock): string {
  const perRow = Math.min(block.size, ROW_ADDRESSES);
  const rows = Math.max(1, block.size / perRow);
  const height = rows * ROW_HEIGHT;
  const [a, b, c, d] = block.first.split('.').map(Number) as [number, number, number, number];
  const start = ((a * 256 + b) * 256 + c) * 256 + d;
  const labels: string[] = [];
  for (let i = 0; i < rows; i++) {
    const v = start + i * perRow;
    const text = [v >>> 24, (v >>> 16) & 255, (v >>> 8) & 255, v & 255].join('.');
    labels.push(`<text class="row" x="${GUTTER - 6}" y="${i * ROW_HEIGHT + 15}">${text}</text>`);
  }
  const body = block.segments.map((s) => segment(s, perRow)).join('');
  return (
    `<svg class="block" role="img" viewBox="0 0 ${GUTTER + WIDTH} ${height}" width="${GUTTER + WIDTH}" height="${height}"` +
    ` data-cidr="${escapeHtml(block.cidr)}"><title>${escapeHtml(`${block.cidr}: ${num(block.size)} addresses, ${block.state}`)}</title>` +
    `${labels.join('')}${body}</svg>`
  );
}
