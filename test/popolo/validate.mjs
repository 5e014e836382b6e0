// validate.mjs FILE: checks a Majlis Popolo export against the Popolo JSON
// schemas in $MAJLIS_DATA/popolo/popolo_spec/schemas (or ../shared/data/...).
// The schemas are draft-03, which Ajv does not read, so they are converted
// on load: "id" becomes "$id" and a property's "required": true moves into
// its parent's "required" list. Formats: "date-time" accepts an ISO 8601
// date or date-time (Popolo allows reduced precision), "uri" must parse as a
// URL, "email" is a plain address. Beyond the schemas it checks that every
// *_id reference points to an exported object and that a vote event's counts
// equal the tally of its votes when votes are listed.
// Prints TAP lines; exits 0 when all pass, 1 on a failure, and prints
// "# skip: ..." (exit 0) when the shared data is absent.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv';

const here = path.dirname(fileURLToPath(import.meta.url));
const file = process.argv[2];
if (!file) {
  console.error('usage: node test/popolo/validate.mjs EXPORT.json');
  process.exit(2);
}
const data = process.env.MAJLIS_DATA || path.join(here, '..', '..', '..', 'shared', 'data');
const dir = path.join(data, 'popolo', 'popolo_spec', 'schemas');
if (!fs.existsSync(dir)) {
  console.log(`# skip: Popolo schemas not found at ${dir} (set MAJLIS_DATA)`);
  process.exit(0);
}

function convert(node, root) {
  if (Array.isArray(node)) return node.map((n) => convert(n, false));
  if (!node || typeof node !== 'object') return node;
  const out = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === '$schema') continue;
    if (k === 'id' && root && typeof v === 'string') { out.$id = v; continue; }
    if (k === 'required' && typeof v === 'boolean') continue;
    if (k === 'properties') {
      out.properties = {};
      const req = [];
      for (const [pk, pv] of Object.entries(v)) {
        if (pv && pv.required === true) req.push(pk);
        out.properties[pk] = convert(pv, false);
      }
      if (req.length) out.required = req;
      continue;
    }
    out[k] = convert(v, false);
  }
  return out;
}

const ajv = new Ajv({ strict: false, allErrors: true });
ajv.addFormat('date-time', /^[0-9]{4}(-[0-9]{2}(-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?(Z|[+-][0-9]{2}:?[0-9]{2})?)?)?)?$/);
ajv.addFormat('uri', (s) => { try { new URL(s); return true; } catch { return false; } });
ajv.addFormat('email', /^[^\s@]+@[^\s@]+$/);
for (const f of fs.readdirSync(dir).filter((f) => f.endsWith('.json'))) {
  ajv.addSchema(convert(JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')), true));
}
const schemaOf = {
  persons: 'person', organizations: 'organization', memberships: 'membership', posts: 'post',
  motions: 'motion', vote_events: 'vote_event', speeches: 'speech', events: 'event', areas: 'area',
};

let failed = 0;
const ok = (cond, name, detail) => {
  console.log(`${cond ? 'ok' : 'not ok'} - ${name}`);
  if (!cond) { failed++; if (detail) console.log(`#   ${detail}`); }
};

let doc;
try {
  doc = JSON.parse(fs.readFileSync(file, 'utf8'));
} catch (e) {
  ok(false, `${file} parses as JSON`, e.message);
  process.exit(1);
}
ok(doc && typeof doc === 'object' && !Array.isArray(doc), `${file} is a JSON object`);

const ids = {};
for (const [key, schema] of Object.entries(schemaOf)) {
  const list = doc[key];
  if (list === undefined) continue;
  if (!Array.isArray(list)) { ok(false, `${key} is an array`); continue; }
  const validate = ajv.getSchema(`http://www.popoloproject.com/schemas/${schema}.json#`);
  let bad = 0, first = '';
  ids[key] = new Set();
  list.forEach((o, i) => {
    if (o && o.id) ids[key].add(o.id);
    if (!validate(o)) {
      bad++;
      if (!first) first = `${key}[${i}] (${o && o.id}): ${ajv.errorsText(validate.errors)}`;
    }
  });
  ok(bad === 0, `${list.length} ${key} valid against ${schema}.json`, bad ? `${bad} invalid; first: ${first}` : '');
}

// References between the exported objects.
const refs = [
  ['memberships', 'person_id', 'persons'], ['memberships', 'organization_id', 'organizations'],
  ['memberships', 'on_behalf_of_id', 'organizations'], ['organizations', 'parent_id', 'organizations'],
  ['vote_events', 'motion_id', 'motions'], ['motions', 'organization_id', 'organizations'],
  ['speeches', 'creator_id', 'persons'],
];
for (const [key, field, target] of refs) {
  if (!Array.isArray(doc[key]) || !ids[target]) continue;
  const bad = doc[key].filter((o) => o[field] != null && !ids[target].has(o[field]));
  ok(bad.length === 0, `${key}.${field} point to exported ${target}`,
    bad.length ? `${bad.length} dangling, first ${JSON.stringify(bad[0][field])}` : '');
}
if (Array.isArray(doc.vote_events)) {
  let bad = 0, first = '';
  for (const ve of doc.vote_events) {
    for (const v of ve.votes || []) if (v.voter_id != null && ids.persons && !ids.persons.has(v.voter_id)) { bad++; first = first || `${ve.id}: voter ${v.voter_id}`; }
    if (!ve.votes || !ve.votes.length) continue;
    const tally = {};
    for (const v of ve.votes) tally[v.option] = (tally[v.option] || 0) + (v.weight ?? 1);
    for (const c of ve.counts || []) {
      if ((tally[c.option] || 0) !== c.value) { bad++; first = first || `${ve.id}: ${c.option} count ${c.value}, votes ${tally[c.option] || 0}`; }
    }
  }
  ok(bad === 0, 'vote events: voters exported and counts equal the tally of votes', first);
}
process.exit(failed ? 1 : 0);
