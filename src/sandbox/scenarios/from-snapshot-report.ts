/**
 * What a twin could not reproduce exactly, said rather than approximated silently: `error` (the twin
 * differs where a plan would notice: an unknown instance type, a subnet fuller than the snapshot),
 * `warning` (something left out), `info` (a guess the snapshot could not settle).
 */
export type TwinSeverity = 'error' | 'warning' | 'info';

export interface TwinNote {
  severity: TwinSeverity;
  resource: string;
  message: string;
}

export class TwinReport {
  readonly notes: TwinNote[] = [];

  note(severity: TwinSeverity, resource: string, message: string): void {
    this.notes.push({ severity, resource, message });
  }

  get exact(): boolean {
    return !this.notes.some((n) => n.severity !== 'info');
  }

  lines(): string[] {
    return this.notes.map((n) => `${n.severity}: ${n.resource}: ${n.message}`);
  }
}
