/** A term's other forms, made at build time (src/rules/inflect.ts). */
import { inflections, withInflections } from '../../src/rules/inflect';

describe('inflections', () => {
  it('gives a verb phrase every tense of its first word, the rest as written', () => {
    expect(inflections('take credit')).toEqual(['takes credit', 'taking credit', 'took credit']);
    // From an inflected verb, not the bare one, nor the participle ("drank" would give "drunk").
    expect(inflections('took credit')).toEqual(['takes credit', 'taking credit']);
    expect(inflections('drink on shift')).not.toContain('drunk on shift');
    expect(inflections('ignored my bleep')).toEqual(expect.arrayContaining(['ignoring my bleep', 'ignores my bleep']));
    // The object is not inflected: "sleep on the jobs" is not a way to say it.
    expect(inflections('sleep on the job')).not.toContain('sleep on the jobs');
  });

  it('conjugates no verb alone, nor a phrase of light words, which would match too much', () => {
    for (const t of ['bite', 'hung', 'friends', 'messaged', 'texting', 'add her', 'run the', 'live in']) expect(inflections(t)).toEqual([]);
  });

  it('gives an adjective its degrees, and leaves out degrees nobody writes', () => {
    expect(inflections('lazy')).toEqual(['lazier', 'laziest']);
    expect(inflections('rude')).toEqual(['ruder', 'rudest']);
    expect(inflections('useless')).toEqual([]); // not "uselesser"
    expect(inflections('lost')).toEqual([]); // not "loster"
    expect(inflections('buff')).toEqual([]); // "buffer" is another word
  });

  it('gives a singular noun its plural', () => {
    expect(inflections('clown')).toEqual(['clowns']);
  });

  it("writes out n't", () => {
    expect(inflections("doesn't care")).toEqual(['does not care']);
    expect(inflections("can't even")).toEqual(['can not even', 'cannot even']);
    expect(inflections("couldn't care less")).toEqual(['could not care less']);
  });

  it('makes no form from a hyphenated word, a name in capitals, a short word, or one that is another word or none', () => {
    // compromise splits hyphens: "power-hungry" gave "power", "short-staffed" "shorter".
    for (const t of ['power-hungry', 'short-staffed', 'shut-eye', 'Guardian', 'nos', 'kids these days', 'lights are on']) expect({ t, forms: inflections(t) }).toEqual({ t, forms: [] });
    // No non-words ("gaier", "fakinging"): every changed word is in SCOWL.
    expect(inflections('faking sick')).not.toContain('fakinging sick');
    expect(inflections('gay')).toEqual([]);
    // Read alone, a form must be the same word again: "liver" is an organ, not more "live".
    expect(inflections('live')).not.toContain('liver');
    // "i can't" is left alone: "I cannot thank the team enough".
    expect(inflections("i can't")).toEqual([]);
  });

  it('leaves case-sensitive terms, prefixes, emoji, hashtags and numbers as written', () => {
    for (const t of ['=ICE', 'plank*', '🍺', '#ad', 'A&E', '100% effective', 'on call']) expect(inflections(t)).toEqual([]);
  });

  it('is deterministic, and adds each form once after the terms as written', () => {
    const terms = ['lazy', 'laziest', 'hide a mistake', 'hiding a mistake'];
    const once = withInflections(terms);
    expect(once.slice(0, terms.length)).toEqual(terms);
    expect(new Set(once.map((t) => t.toLowerCase())).size).toBe(once.length);
    expect(withInflections(terms)).toEqual(once);
    expect(once).toEqual(expect.arrayContaining(['lazier', 'hid a mistake', 'hides a mistake']));
  });
});
