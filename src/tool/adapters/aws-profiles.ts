/**
 * The named profiles of the shared AWS config and credentials files, as the SDK and the AWS CLI read
 * them (AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE, default ~/.aws/config and ~/.aws/credentials):
 * lets an error name a profile that does not exist and list the ones that do.
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export type ProfileList = string[] & { files: string[] };

/** Section names of an INI file; in the config file every profile but `default` is `[profile NAME]`. */
export function profilesIn(text: string, kind: 'config' | 'credentials'): string[] {
  const names: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*\[\s*([^\]]+?)\s*\]\s*$/.exec(line);
    if (!m?.[1]) continue;
    const section = m[1];
    if (kind === 'credentials') names.push(section);
    else if (section === 'default') names.push(section);
    else if (section.startsWith('profile ')) names.push(section.slice('profile '.length).trim());
  }
  return names;
}

/** Every profile defined in the two files, with the files' paths. */
export function profileNames(env: Record<string, string | undefined>): ProfileList {
  const home = env.HOME ?? homedir();
  const files = [
    { path: env.AWS_CONFIG_FILE ?? join(home, '.aws', 'config'), kind: 'config' as const },
    {
      path: env.AWS_SHARED_CREDENTIALS_FILE ?? join(home, '.aws', 'credentials'),
      kind: 'credentials' as const,
    },
  ];
  const names = new Set<string>();
  for (const file of files) {
    try {
      for (const name of profilesIn(readFileSync(file.path, 'utf8'), file.kind)) names.add(name);
    } catch {
      // A missing file defines no profile.
    }
  }
  return Object.assign([...names].sort(), { files: files.map((f) => f.path) });
}
