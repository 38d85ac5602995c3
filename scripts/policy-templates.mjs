// npm run policy-templates: the deployment kit under docs/deploy/, generated from the one
// settings model (src/settings/schema.ts and layers.ts through managed-schema.ts), never
// hand-copied. Also rewrites the settings table in docs/deploying.md.
//   node scripts/policy-templates.mjs [--chrome-id ID] [--edge-id ID] [--firefox-id ID] [--out DIR] [--check]
// --check writes nothing and exits 1 if the committed files differ from what the schema gives.
import { build } from 'esbuild';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  if (at < 0) return fallback;
  const value = args[at + 1];
  if (!value || value.startsWith('--')) {
    console.error(`policy-templates: ${name} needs a value`);
    process.exit(2);
  }
  return value;
};
const known = new Set(['--chrome-id', '--edge-id', '--firefox-id', '--out', '--check']);
for (const arg of args) {
  if (arg.startsWith('--') && !known.has(arg)) {
    console.error(`policy-templates: unknown option ${arg}`);
    process.exit(2);
  }
}

const tool = path.join(root, 'build/tools/policy-model.cjs');
await build({
  stdin: {
    contents: `export { policyJsonSchema, managedSchema } from './src/settings/managed-schema';
export { parsePolicy } from './src/settings/layers';
export { CHROME_EXTENSION_ID, FIREFOX_EXTENSION_ID } from './src/shared/extension-id';
export { CATEGORIES } from './src/engine/types';`,
    resolveDir: root,
    loader: 'ts',
  },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  outfile: tool,
  logLevel: 'warning',
});
const require = createRequire(import.meta.url);
const model = require(tool);

const chromeId = option('--chrome-id', model.CHROME_EXTENSION_ID);
const edgeId = option('--edge-id', chromeId);
const firefoxId = option('--firefox-id', model.FIREFOX_EXTENSION_ID);
for (const [name, id] of [['--chrome-id', chromeId], ['--edge-id', edgeId]]) {
  if (!/^[a-p]{32}$/.test(id)) {
    console.error(`policy-templates: ${name} must be a 32-letter Chromium extension id (letters a to p), not "${id}"`);
    process.exit(2);
  }
}
const out = path.resolve(option('--out', path.join(root, 'docs/deploy')));
const checkOnly = args.includes('--check');

const schema = model.policyJsonSchema();
const settingKeys = Object.keys(schema.properties).filter((key) => key !== 'recommended');
const recommendedKeys = Object.keys(schema.properties.recommended.properties);
const categories = model.CATEGORIES;
const MODES = ['off', 'warn', 'block'];

/** The example configuration every template carries: a trust that blocks identifiers and names its wards. */
const EXAMPLE = {
  categories: { 'patient-identifier': 'block', 'patient-discussion': 'warn' },
  localTerms: ['Ward 7B', 'Rowan Ward', "St Elsewhere's"],
  extraSites: ['https://forum.example.nhs.uk/'],
  imageCheck: 'block',
  message: 'Before you post, remember our social media policy. Questions: ig@example.nhs.uk',
  policyUrl: 'https://www.example.nhs.uk/policies/social-media',
  allowPause: false,
  allowSettingsChanges: true,
  showFirstRun: true,
  recommended: { categories: { 'unverifiable-claim': 'warn' }, disabledSites: [] },
};
const parsed = model.parsePolicy(EXAMPLE);
if (parsed.problems.length) {
  console.error(`policy-templates: the example policy does not validate: ${JSON.stringify(parsed.problems)}`);
  process.exit(1);
}

const files = new Map();
const emit = (relative, text) => files.set(relative, text.endsWith('\n') ? text : `${text}\n`);
const json = (value) => `${JSON.stringify(value, null, 2)}\n`;
const xml = (text) => String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

// --- Chrome and Chromium on Linux (and the JSON the schema describes) ---
emit('chrome-managed-schema.json', json(model.managedSchema()));
emit('linux/chrome/second-opinion.json', json({ '3rdparty': { extensions: { [chromeId]: EXAMPLE } } }));
emit('linux/chromium/second-opinion.json', json({ '3rdparty': { extensions: { [chromeId]: EXAMPLE } } }));
emit(
  'linux/companion/force-install-and-pin.json',
  json({
    ExtensionSettings: {
      [chromeId]: { installation_mode: 'force_installed', update_url: 'https://clients2.google.com/service/update2/crx', toolbar_pin: 'force_pinned' },
    },
  }),
);

// --- Google Admin console: "Policy for extensions" takes {"key": {"Value": ...}} ---
emit('google-admin/second-opinion.json', json(Object.fromEntries(Object.entries(EXAMPLE).map(([key, value]) => [key, { Value: value }]))));

// --- Firefox: policies.json, the managed settings and the install policy together ---
emit(
  'firefox/policies.json',
  json({
    policies: {
      '3rdparty': { Extensions: { [firefoxId]: EXAMPLE } },
      ExtensionSettings: {
        [firefoxId]: {
          installation_mode: 'force_installed',
          install_url: 'https://addons.mozilla.org/firefox/downloads/latest/second-opinion/latest.xpi',
          default_area: 'navbar',
        },
      },
    },
  }),
);

// --- macOS configuration profile for Chrome and Edge ---
function plistValue(value, indent) {
  const pad = '  '.repeat(indent);
  if (typeof value === 'boolean') return `${pad}<${value}/>`;
  if (typeof value === 'number') return `${pad}<integer>${value}</integer>`;
  if (typeof value === 'string') return `${pad}<string>${xml(value)}</string>`;
  if (Array.isArray(value)) return [`${pad}<array>`, ...value.map((item) => plistValue(item, indent + 1)), `${pad}</array>`].join('\n');
  return [`${pad}<dict>`, ...Object.entries(value).flatMap(([key, item]) => [`${pad}  <key>${xml(key)}</key>`, plistValue(item, indent + 1)]), `${pad}</dict>`].join('\n');
}
// Stable UUIDs (a profile is updated in place when they stay the same).
const uuid = (n) => `5EC0D0F1-0000-4000-8000-${String(n).padStart(12, '0')}`;
function payload(type, identifier, n, content) {
  return { PayloadType: type, PayloadVersion: 1, PayloadIdentifier: identifier, PayloadUUID: uuid(n), PayloadDisplayName: identifier, ...content };
}
const macPayloads = [
  payload(`com.google.Chrome.extensions.${chromeId}`, `uk.example.second-opinion.chrome.settings`, 1, EXAMPLE),
  payload(`com.microsoft.Edge.extensions.${edgeId}`, `uk.example.second-opinion.edge.settings`, 2, EXAMPLE),
  payload('com.google.Chrome', 'uk.example.second-opinion.chrome.install', 3, {
    ExtensionSettings: { [chromeId]: { installation_mode: 'force_installed', update_url: 'https://clients2.google.com/service/update2/crx', toolbar_pin: 'force_pinned' } },
  }),
  payload('com.microsoft.Edge', 'uk.example.second-opinion.edge.install', 4, {
    ExtensionSettings: { [edgeId]: { installation_mode: 'force_installed', update_url: 'https://edge.microsoft.com/extensionwebstorebase/v1/crx', toolbar_state: 'force_shown' } },
  }),
];
emit(
  'macos/second-opinion.mobileconfig',
  `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
${plistValue(
  {
    PayloadType: 'Configuration',
    PayloadVersion: 1,
    PayloadIdentifier: 'uk.example.second-opinion',
    PayloadUUID: uuid(0),
    PayloadDisplayName: 'Second Opinion (Chrome and Edge)',
    PayloadDescription: 'Installs Second Opinion in Chrome and Edge and applies the trust settings. Generated by npm run policy-templates; edit the values for your trust.',
    PayloadScope: 'System',
    PayloadContent: macPayloads,
  },
  0,
)}
</plist>`,
);

// --- Windows: one ADMX/ADML pair for Chrome, Edge and Firefox ---
const BROWSERS = [
  { id: 'Chrome', name: 'Google Chrome', key: `Software\\Policies\\Google\\Chrome\\3rdparty\\extensions\\${chromeId}\\policy` },
  { id: 'Edge', name: 'Microsoft Edge', key: `Software\\Policies\\Microsoft\\Edge\\3rdparty\\extensions\\${edgeId}\\policy` },
  { id: 'Firefox', name: 'Mozilla Firefox', key: `Software\\Policies\\Mozilla\\Firefox\\3rdparty\\Extensions\\${firefoxId}` },
];
const policies = [];
const strings = new Map();
const presentations = [];
const str = (id, text) => {
  strings.set(id, text);
  return `$(string.${id})`;
};
for (const browser of BROWSERS) {
  for (const layer of ['enforced', 'recommended']) {
    if (layer === 'recommended' && browser.id === 'Firefox') continue; // Firefox has no recommended level for extensions
    const keys = layer === 'enforced' ? settingKeys : recommendedKeys;
    const base = layer === 'enforced' ? browser.key : `${browser.key}\\recommended`;
    const category = `${browser.id}_${layer}`;
    for (const key of keys) {
      const property = (layer === 'enforced' ? schema.properties : schema.properties.recommended.properties)[key];
      const name = `${category}_${key}`;
      const display = str(name, `${key}${layer === 'recommended' ? ' (recommended)' : ''}`);
      const explain = str(`${name}_Explain`, `${property.description ?? key}\n\nRegistry: HKLM\\${base}`);
      if (key === 'categories') {
        const elements = categories
          .map((cat) => `        <enum id="${cat}" key="${base}\\categories" valueName="${cat}">
${MODES.map((mode) => `          <item displayName="${str(`mode_${mode}`, mode)}"><value><string>${mode}</string></value></item>`).join('\n')}
        </enum>`)
          .join('\n');
        presentations.push(`      <presentation id="${name}">
${categories.map((cat) => `        <dropdownList refId="${cat}" defaultItem="1">${xml(cat)}</dropdownList>`).join('\n')}
      </presentation>`);
        policies.push(`    <policy name="${name}" class="Machine" displayName="${display}" explainText="${explain}" presentation="$(presentation.${name})" key="${base}\\categories">
      <parentCategory ref="${category}"/>
      <supportedOn ref="SUPPORTED_ANY"/>
      <elements>
${elements}
      </elements>
    </policy>`);
      } else if (property.type === 'boolean') {
        policies.push(`    <policy name="${name}" class="Machine" displayName="${display}" explainText="${explain}" key="${base}" valueName="${key}">
      <parentCategory ref="${category}"/>
      <supportedOn ref="SUPPORTED_ANY"/>
      <enabledValue><decimal value="1"/></enabledValue>
      <disabledValue><decimal value="0"/></disabledValue>
    </policy>`);
      } else if (property.type === 'array') {
        presentations.push(`      <presentation id="${name}">
        <listBox refId="${key}">${xml(key)}</listBox>
      </presentation>`);
        policies.push(`    <policy name="${name}" class="Machine" displayName="${display}" explainText="${explain}" presentation="$(presentation.${name})" key="${base}\\${key}">
      <parentCategory ref="${category}"/>
      <supportedOn ref="SUPPORTED_ANY"/>
      <elements>
        <list id="${key}" key="${base}\\${key}" valuePrefix=""/>
      </elements>
    </policy>`);
      } else {
        presentations.push(`      <presentation id="${name}">
        <textBox refId="${key}"><label>${xml(key)}</label></textBox>
      </presentation>`);
        policies.push(`    <policy name="${name}" class="Machine" displayName="${display}" explainText="${explain}" presentation="$(presentation.${name})" key="${base}">
      <parentCategory ref="${category}"/>
      <supportedOn ref="SUPPORTED_ANY"/>
      <elements>
        <text id="${key}" valueName="${key}" maxLength="2000"/>
      </elements>
    </policy>`);
      }
    }
  }
}
const categoryXml = [`    <category name="SecondOpinion" displayName="${str('SecondOpinion', 'Second Opinion')}"/>`];
for (const browser of BROWSERS) {
  categoryXml.push(`    <category name="${browser.id}" displayName="${str(browser.id, browser.name)}"><parentCategory ref="SecondOpinion"/></category>`);
  categoryXml.push(`    <category name="${browser.id}_enforced" displayName="${str(`${browser.id}_enforced`, 'Enforced settings (locked for users)')}"><parentCategory ref="${browser.id}"/></category>`);
  if (browser.id !== 'Firefox') categoryXml.push(`    <category name="${browser.id}_recommended" displayName="${str(`${browser.id}_recommended`, 'Recommended settings (users may change them)')}"><parentCategory ref="${browser.id}"/></category>`);
}
str('SUPPORTED_ANY', 'Chrome, Edge and Firefox with Second Opinion installed');
emit(
  'windows/admx/second-opinion.admx',
  `<?xml version="1.0" encoding="utf-8"?>
<!-- Generated by npm run policy-templates from src/settings. Copy to C:\\Windows\\PolicyDefinitions (or the central store). -->
<policyDefinitions xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" revision="1.0" schemaVersion="1.0" xmlns="http://schemas.microsoft.com/GroupPolicy/2006/07/PolicyDefinitions">
  <policyNamespaces>
    <target prefix="secondopinion" namespace="Health.SecondOpinion.Policies"/>
    <using prefix="windows" namespace="Microsoft.Policies.Windows"/>
  </policyNamespaces>
  <resources minRequiredRevision="1.0"/>
  <supportedOn>
    <definitions>
      <definition name="SUPPORTED_ANY" displayName="$(string.SUPPORTED_ANY)"/>
    </definitions>
  </supportedOn>
  <categories>
${categoryXml.join('\n')}
  </categories>
  <policies>
${policies.join('\n')}
  </policies>
</policyDefinitions>`,
);
emit(
  'windows/admx/en-GB/second-opinion.adml',
  `<?xml version="1.0" encoding="utf-8"?>
<!-- Generated by npm run policy-templates. Copy to C:\\Windows\\PolicyDefinitions\\en-GB (and en-US if your consoles use it). -->
<policyDefinitionResources xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" revision="1.0" schemaVersion="1.0" xmlns="http://schemas.microsoft.com/GroupPolicy/2006/07/PolicyDefinitions">
  <displayName>Second Opinion</displayName>
  <description>Settings for the Second Opinion browser extension.</description>
  <resources>
    <stringTable>
${[...strings].map(([id, text]) => `      <string id="${id}">${xml(text)}</string>`).join('\n')}
    </stringTable>
    <presentationTable>
${presentations.join('\n')}
    </presentationTable>
  </resources>
</policyDefinitionResources>`,
);

// --- Windows registry file for the same example (for testing one machine) ---
function regLines(base, values) {
  const out = [];
  const scalars = [];
  for (const [key, value] of Object.entries(values)) {
    if (key === 'recommended') continue;
    if (Array.isArray(value)) {
      out.push('', `[HKEY_LOCAL_MACHINE\\${base}\\${key}]`, ...value.map((item, i) => `"${i + 1}"="${String(item).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`));
    } else if (value && typeof value === 'object') {
      out.push('', `[HKEY_LOCAL_MACHINE\\${base}\\${key}]`, ...Object.entries(value).map(([k, v]) => `"${k}"="${v}"`));
    } else if (typeof value === 'boolean') scalars.push(`"${key}"=dword:0000000${value ? 1 : 0}`);
    else scalars.push(`"${key}"="${String(value).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`);
  }
  return ['', `[HKEY_LOCAL_MACHINE\\${base}]`, ...scalars, ...out];
}
emit(
  'windows/second-opinion-example.reg',
  ['Windows Registry Editor Version 5.00', '; Generated by npm run policy-templates: the example settings for Chrome, Edge and Firefox.', ...BROWSERS.flatMap((browser) => regLines(browser.key, EXAMPLE))].join('\r\n'),
);

// --- The settings table in docs/deploying.md ---
function typeOf(property) {
  if (property.type === 'array') return 'list of strings';
  if (property.type === 'object') return `object: category id → ${MODES.map((mode) => `"${mode}"`).join(', ')}`;
  return property.type;
}
const table = [
  '| Key | Type | Recommended allowed | What it does |',
  '| --- | --- | --- | --- |',
  ...settingKeys.map((key) => `| \`${key}\` | ${typeOf(schema.properties[key])} | ${recommendedKeys.includes(key) ? 'yes' : 'no'} | ${(schema.properties[key].description ?? '').replace(/\|/g, '\\|').replace(/\n/g, ' ')} |`),
  `| \`recommended\` | object | – | ${schema.properties.recommended.description} |`,
].join('\n');
const deployingFile = path.join(root, 'docs/deploying.md');
let deploying = existsSync(deployingFile) ? readFileSync(deployingFile, 'utf8') : '';
const START = '<!-- settings-table:start (generated by npm run policy-templates) -->';
const END = '<!-- settings-table:end -->';
if (deploying.includes(START) && deploying.includes(END)) {
  deploying = `${deploying.slice(0, deploying.indexOf(START) + START.length)}\n${table}\n${deploying.slice(deploying.indexOf(END))}`;
}

if (checkOnly) {
  const stale = [...files].filter(([relative, text]) => !existsSync(path.join(out, relative)) || readFileSync(path.join(out, relative), 'utf8') !== text).map(([relative]) => relative);
  if (existsSync(deployingFile) && readFileSync(deployingFile, 'utf8') !== deploying) stale.push('docs/deploying.md');
  if (stale.length) {
    console.error(`policy-templates: out of date, run npm run policy-templates: ${stale.join(', ')}`);
    process.exit(1);
  }
  console.log('policy-templates: up to date');
} else {
  for (const [relative, text] of files) {
    mkdirSync(path.dirname(path.join(out, relative)), { recursive: true });
    writeFileSync(path.join(out, relative), text);
  }
  if (existsSync(deployingFile)) writeFileSync(deployingFile, deploying);
  console.log(`policy-templates: wrote ${files.size} files to ${path.relative(root, out) || out}`);
}
