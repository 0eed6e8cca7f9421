// Loading and validation of the product catalog file.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { CatalogError, loadCatalog, parseCatalog } from '../dist/catalog.js';
import { kGatewayRoot } from '../dist/config.js';

const kDirectory = mkdtempSync(path.join(tmpdir(), 'parley-catalog-'));

after(() => rmSync(kDirectory, { recursive: true, force: true }));

function writeCatalog(name: string, text: string): string {
  const file = path.join(kDirectory, name);
  writeFileSync(file, text);
  return file;
}

const kImage = { original: 'https://images.example.com/o/1.jpg', thumbnail: 'https://images.example.com/t/1.jpg' };

test('example catalog loads', () => {
  const catalog = loadCatalog(path.join(kGatewayRoot, 'catalog.example.json'));

  assert.ok(catalog.size >= 5);
  const product = catalog.lookup('10530943');
  assert.equal(product?.sku, '10530943');
  assert.match(product?.title ?? '', /Whey/);
  assert.ok((product?.images.length ?? 0) > 0);
});

test('lookup returns undefined for an unknown SKU', () => {
  const catalog = parseCatalog({ '12': { title: 'Bar', images: [] } }, 'inline');

  assert.equal(catalog.lookup('13'), undefined);
  assert.equal(catalog.lookup('12')?.title, 'Bar');
});

test('keys are canonical SKUs', () => {
  const catalog = parseCatalog({ '0012': { title: 'Bar', images: [kImage] } }, 'inline');

  assert.equal(catalog.lookup('12')?.sku, '12');
});

test('missing file is named', () => {
  const file = path.join(kDirectory, 'absent.json');

  assert.throws(() => loadCatalog(file), (error: unknown) => error instanceof CatalogError && error.message.includes(file));
});

test('invalid JSON is named', () => {
  const file = writeCatalog('broken.json', '{"10530943": {');

  assert.throws(() => loadCatalog(file), new RegExp(`product catalog ${file} is not valid JSON`));
});

const kBadCatalogs: Array<{ name: string; document: unknown; expected: RegExp }> = [
  { name: 'array root', document: [], expected: /must be a JSON object that maps SKU strings/ },
  { name: 'non-numeric key', document: { whey: { title: 'x', images: [] } }, expected: /entry "whey": the key must be a SKU/ },
  { name: 'duplicate SKU', document: { '7': { title: 'a', images: [] }, '007': { title: 'b', images: [] } }, expected: /entry "007": SKU 7 is listed twice/ },
  { name: 'entry not an object', document: { '1': 'Whey' }, expected: /entry "1": the value must be an object/ },
  { name: 'missing title', document: { '1': { images: [] } }, expected: /entry "1": "title" must be a non-empty string/ },
  { name: 'blank title', document: { '1': { title: '  ', images: [] } }, expected: /entry "1": "title" must be a non-empty string/ },
  { name: 'missing images', document: { '1': { title: 'x' } }, expected: /entry "1": "images" must be an array/ },
  { name: 'image not an object', document: { '1': { title: 'x', images: ['a.jpg'] } }, expected: /entry "1": images\[0\] must be an object/ },
  {
    name: 'relative image URL',
    document: { '1': { title: 'x', images: [kImage, { original: '/o/1.jpg', thumbnail: kImage.thumbnail }] } },
    expected: /entry "1": images\[1\]\.original must be an absolute http or https URL/,
  },
  {
    name: 'non-http image URL',
    document: { '1': { title: 'x', images: [{ original: kImage.original, thumbnail: 'javascript:alert(1)' }] } },
    expected: /entry "1": images\[0\]\.thumbnail must be an absolute http or https URL, not javascript:/,
  },
];

for (const { name, document, expected } of kBadCatalogs) {
  test(`rejects ${name}`, () => {
    const file = writeCatalog(`${name.replaceAll(' ', '-')}.json`, JSON.stringify(document));

    assert.throws(
      () => loadCatalog(file),
      (error: unknown) => error instanceof CatalogError && error.message.includes(file) && expected.test(error.message),
    );
  });
}
