import { checkSync } from 'recheck';
import * as age from '../../../src/engine/recognisers/age';
import * as date from '../../../src/engine/recognisers/date';
import * as email from '../../../src/engine/recognisers/email';
import * as hospital from '../../../src/engine/recognisers/hospital-number';
import * as index from '../../../src/engine/recognisers/index';
import * as names from '../../../src/engine/recognisers/names';
import * as nhs from '../../../src/engine/recognisers/nhs-number';
import * as phone from '../../../src/engine/recognisers/phone';
import * as postcode from '../../../src/engine/recognisers/postcode';
import * as engine from '../../../src/engine/engine';
import * as words from '../../../src/engine/words';
import * as terms from '../../../src/engine/terms';
import * as letters from '../../../src/engine/letters';

// Drafts can be a megabyte of hostile text; every recogniser regex must match in
// linear time, as compiled. (Rule-file patterns get the same check at build time.) The
// engine's own exported patterns too: those written with coarse classes are checked here as
// they run, and in ../regex-linear.test.ts as written.
const modules = { age, date, email, hospital, index, names, nhs, phone, postcode, engine, words, terms, letters };
const patterns = Object.entries(modules).flatMap(([m, mod]) =>
  Object.entries(mod)
    .flatMap(([name, v]) => (v instanceof RegExp ? [[name, v] as const] : Array.isArray(v) ? v.filter((r) => r instanceof RegExp).map((r, i) => [`${name}[${i}]`, r as RegExp] as const) : []))
    .map(([name, re]) => [`${m}.${name}`, re] as const),
);

describe('recogniser regular expressions', () => {
  it('are all found', () => {
    expect(patterns.length).toBeGreaterThanOrEqual(15);
  });
  it.each(patterns)('%s cannot backtrack super-linearly', (_name, re) => {
    // 'g' does not change matching; 'y' (sticky) does: such a regex is only tried where it is pointed.
    // As compiled: coarse classes (../../../src/engine/coarse-classes.ts) overlap where the
    // exact ones do not, so the exact original could pass where the pattern run does not.
    const { source, flags } = re;
    const result = checkSync(source, flags.replace(/g/g, ''), { timeout: 20_000 });
    expect({ status: result.status, attack: result.status === 'vulnerable' ? result.attack : undefined }).toEqual({ status: 'safe', attack: undefined });
  });
});
