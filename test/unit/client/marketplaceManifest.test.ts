import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { PROJECT_ROOT } from '../../support/fixtures';

const PACKAGE_TEXT = fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8');
const MANIFEST = JSON.parse(PACKAGE_TEXT) as { version: string; icon?: string; repository?: unknown; bugs?: unknown; homepage?: unknown };

/** Width and height from a PNG's header (its signature, then the IHDR chunk), or undefined when it is no PNG. */
function pngSize(bytes: Buffer): { width: number; height: number } | undefined {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (bytes.length < 24 || !bytes.subarray(0, 8).equals(signature) || bytes.toString('latin1', 12, 16) !== 'IHDR') return undefined;
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe('the manifest as the Marketplace reads it', () => {
  test('the icon is a PNG of at least 128×128 (the Marketplace takes no SVG)', () => {
    assert.ok(MANIFEST.icon, 'package.json names an icon');
    assert.match(MANIFEST.icon, /\.png$/);
    const size = pngSize(fs.readFileSync(path.join(PROJECT_ROOT, MANIFEST.icon)));
    assert.ok(size, `${MANIFEST.icon} is a PNG`);
    assert.ok(size.width >= 128 && size.height >= 128, `${MANIFEST.icon} is ${size.width}×${size.height}`);
    assert.equal(size.width, size.height, 'square, as the Marketplace shows it');
  });

  test('no placeholder address: a repository, bugs or homepage is a real one or absent', () => {
    assert.doesNotMatch(PACKAGE_TEXT, /example\.(invalid|com|org)/);
    for (const field of ['repository', 'bugs', 'homepage'] as const) {
      const value = MANIFEST[field];
      if (value !== undefined) assert.doesNotMatch(JSON.stringify(value), /\.invalid\b|localhost/, field);
    }
  });

  test("CHANGELOG.md's newest entry is the manifest's version", () => {
    const changelog = fs.readFileSync(path.join(PROJECT_ROOT, 'CHANGELOG.md'), 'utf8');
    const versions = [...changelog.matchAll(/^## (\S+)/gm)].map((match) => match[1]);
    assert.equal(versions[0], MANIFEST.version, 'the first "## VERSION" heading');
  });
});
