// Product catalog: titles and images of products by SKU, loaded from a JSON
// file at start. The file is an object that maps each SKU, as a string of
// digits, to {"title": string, "images": [{"original": url, "thumbnail": url}]}.
// Other fields of an entry are ignored.

import { readFileSync } from 'node:fs';
import { parseSku } from './scalars.js';

export interface ProductImage {
  original: string;
  thumbnail: string;
}

export interface ProductVariant {
  /** Canonical decimal string. */
  sku: string;
  title: string;
  images: ProductImage[];
}

/** Catalog file that cannot be read or has an invalid entry; the message names both. */
export class CatalogError extends Error {
  override name = 'CatalogError';
}

/** Immutable map of SKU to product. Safe to share between requests. */
export class Catalog {
  private readonly products: ReadonlyMap<string, ProductVariant>;

  constructor(products: Iterable<ProductVariant>) {
    this.products = new Map([...products].map((product) => [product.sku, product]));
  }

  /** Returns the product of `sku` (canonical decimal string), or undefined for a SKU the catalog does not list. */
  lookup(sku: string): ProductVariant | undefined {
    return this.products.get(sku);
  }

  get size(): number {
    return this.products.size;
  }
}

/** Reads and validates the catalog at `file`. Throws CatalogError naming the file and the first bad entry. */
export function loadCatalog(file: string): Catalog {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new CatalogError(`cannot read product catalog ${file}: ${(error as Error).message}`);
  }

  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch (error) {
    throw new CatalogError(`product catalog ${file} is not valid JSON: ${(error as Error).message}`);
  }
  return parseCatalog(root, file);
}

/** Validates a parsed catalog document. `file` names the source in error messages. */
export function parseCatalog(root: unknown, file: string): Catalog {
  if (!isObject(root)) {
    throw new CatalogError(`product catalog ${file} must be a JSON object that maps SKU strings to products`);
  }

  const products: ProductVariant[] = [];
  const seen = new Set<string>();
  for (const [key, entry] of Object.entries(root)) {
    const where = `product catalog ${file}, entry ${JSON.stringify(key)}`;
    const sku = parseSku(key);
    if (sku === undefined) {
      throw new CatalogError(`${where}: the key must be a SKU, a string of digits up to ${Number.MAX_SAFE_INTEGER}`);
    }
    if (seen.has(sku)) {
      throw new CatalogError(`${where}: SKU ${sku} is listed twice`);
    }
    seen.add(sku);
    products.push(parseProduct(entry, sku, where));
  }
  return new Catalog(products);
}

function parseProduct(entry: unknown, sku: string, where: string): ProductVariant {
  if (!isObject(entry)) {
    throw new CatalogError(`${where}: the value must be an object with "title" and "images"`);
  }
  if (typeof entry.title !== 'string' || entry.title.trim() === '') {
    throw new CatalogError(`${where}: "title" must be a non-empty string`);
  }
  if (!Array.isArray(entry.images)) {
    throw new CatalogError(`${where}: "images" must be an array, empty when the product has no image`);
  }

  const images = entry.images.map((image: unknown, index: number): ProductImage => {
    if (!isObject(image)) {
      throw new CatalogError(`${where}: images[${index}] must be an object with "original" and "thumbnail"`);
    }
    return {
      original: parseUrl(image.original, `${where}: images[${index}].original`),
      thumbnail: parseUrl(image.thumbnail, `${where}: images[${index}].thumbnail`),
    };
  });
  return { sku, title: entry.title, images };
}

function parseUrl(value: unknown, where: string): string {
  if (typeof value !== 'string' || !URL.canParse(value)) {
    throw new CatalogError(`${where} must be an absolute http or https URL`);
  }
  const protocol = new URL(value).protocol;
  if (protocol !== 'http:' && protocol !== 'https:') {
    throw new CatalogError(`${where} must be an absolute http or https URL, not ${protocol}`);
  }
  return value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
