// check.mjs CATALOG.jsonld CATALOG.ttl: expands the JSON-LD catalogue with
// the jsonld package (a JSON-LD 1.1 processor), checks the DCAT-AP
// mandatory properties in the expanded form, parses the Turtle with n3 and
// checks that both hold the same datasets. Prints TAP lines.
import fs from 'node:fs';
import jsonld from 'jsonld';
import { Parser } from 'n3';

const DCAT = 'http://www.w3.org/ns/dcat#', DCT = 'http://purl.org/dc/terms/';
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
let failed = 0;
const ok = (cond, name) => { console.log(`${cond ? 'ok' : 'not ok'} - ${name}`); if (!cond) failed++; };

const doc = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
// no document loader: every term is defined in the inline @context
const expanded = await jsonld.expand(doc, { documentLoader: async (url) => { throw new Error(`no remote context: ${url}`); } });
ok(Array.isArray(expanded) && expanded.length > 0, 'the catalogue expands as JSON-LD');
const nodes = expanded.flatMap((n) => n['@graph'] ?? [n]);
const ofType = (t) => nodes.filter((n) => (n['@type'] ?? []).includes(t));
const has = (n, p) => Array.isArray(n[p]) && n[p].length > 0;
const cats = ofType(DCAT + 'Catalog');
ok(cats.length === 1, 'one dcat:Catalog');
const cat = cats[0] ?? {};
for (const p of ['title', 'description', 'publisher']) ok(has(cat, DCT + p), `the catalogue has dct:${p}`);
for (const p of ['dataset', 'themeTaxonomy']) ok(has(cat, DCAT + p), `the catalogue has dcat:${p}`);
for (const p of ['language', 'license', 'issued', 'modified']) ok(has(cat, DCT + p), `the catalogue has dct:${p}`);
ok(has(cat, 'http://xmlns.com/foaf/0.1/homepage'), 'the catalogue has foaf:homepage');
const sets = ofType(DCAT + 'Dataset');
ok(sets.length === Number(process.argv[4] ?? sets.length), `${sets.length} datasets, as expected`);
const langs = (n, p) => new Set((n[p] ?? []).map((v) => v['@language']));
let bad = 0, distBad = 0, ndist = 0;
for (const d of sets) {
  for (const p of ['title', 'description', 'publisher', 'accessRights', 'license', 'issued', 'modified', 'conformsTo', 'temporal'])
    if (!has(d, DCT + p)) { bad++; console.log(`# ${d['@id']} lacks dct:${p}`); }
  for (const p of ['distribution', 'contactPoint', 'theme', 'keyword', 'version', 'landingPage'])
    if (!has(d, DCAT + p)) { bad++; console.log(`# ${d['@id']} lacks dcat:${p}`); }
  // the contact point is a vCard with a name and a way to reach it (e-mail or web page)
  const VC = 'http://www.w3.org/2006/vcard/ns#';
  for (const ref of d[DCAT + 'contactPoint'] ?? []) {
    const cp = ref['@id'] ? (nodes.find((n) => n['@id'] === ref['@id']) ?? ref) : ref;
    if (!has(cp, VC + 'fn') || !(has(cp, VC + 'hasEmail') || has(cp, VC + 'hasURL'))) {
      bad++; console.log(`# ${d['@id']}: its contact point lacks vcard:fn or vcard:hasEmail/hasURL`);
    }
  }
  if (!langs(d, DCT + 'title').has('ar') || !langs(d, DCT + 'title').has('en')) { bad++; console.log(`# ${d['@id']}: titles not in ar and en`); }
  for (const ref of d[DCAT + 'distribution'] ?? []) {
    const dist = nodes.find((n) => n['@id'] === ref['@id']) ?? ref;
    ndist++;
    for (const p of ['accessURL', 'downloadURL', 'mediaType', 'byteSize'])
      if (!has(dist, DCAT + p)) { distBad++; console.log(`# ${dist['@id']} lacks dcat:${p}`); }
    for (const p of ['format', 'license'])
      if (!has(dist, DCT + p)) { distBad++; console.log(`# ${dist['@id']} lacks dct:${p}`); }
  }
}
ok(bad === 0, 'every dataset has the mandatory and recommended DCAT-AP properties');
ok(ndist > 0 && distBad === 0, `every distribution (${ndist}) has access and download URL, media type, format, byte size, licence`);

// Turtle
const quads = new Parser().parse(fs.readFileSync(process.argv[3], 'utf8'));
ok(quads.length > 0, `the Turtle catalogue parses (${quads.length} triples)`);
const ttlSets = new Set(quads.filter((q) => q.predicate.value === RDF_TYPE && q.object.value === DCAT + 'Dataset').map((q) => q.subject.value));
ok(ttlSets.size === sets.length && sets.every((d) => ttlSets.has(d['@id'])), 'the Turtle catalogue lists the same datasets');
// the two serialisations are the same graph: compare the triple counts
const nq = await jsonld.toRDF(doc, { format: 'application/n-quads' });
const jsonTriples = nq.split('\n').filter((l) => l.trim()).length;
ok(jsonTriples === quads.length, `JSON-LD and Turtle hold the same number of triples (${jsonTriples}, ${quads.length})`);
process.exit(failed ? 1 : 0);
