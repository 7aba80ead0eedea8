import { parse } from 'yaml';
import { readProfile, type ClusterProfile, type ProfileProblem } from '../engine/profile';

export const PROFILE_FILE_NAMES = ['kubetrace.yaml', 'kubetrace.yml', 'kubetrace.json'];

/** Reads a `kubetrace.yaml` (YAML or JSON) over `base`; syntax errors and bad values come back as problems. */
export function readProfileFile(text: string, base?: ClusterProfile): { profile: ClusterProfile; problems: ProfileProblem[] } {
  let raw: unknown;
  try {
    raw = parse(text, { maxAliasCount: 100 });
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
    return { profile: base ?? readProfile(undefined).profile, problems: [{ path: '', message: `not valid YAML: ${message}` }] };
  }
  return readProfile(raw, base);
}
