/**
 * One risk, one finding, on the same words. A patient's name is an identifier, and in a
 * post about their care it is also a discussion of the patient; each category is a risk
 * of its own in the contract (categories.md) and in evaluation, so both findings stay.
 * For display they are one: the most severe finding (then the first category in the
 * contract's order) carries the others in `also`, and they are marked `foldedInto` it, so
 * the finding shown is never less severe than one it stands for.
 */
import { CATEGORIES, type Finding, type Severity } from './types';

const SEVERITY_RANK: Record<Severity, number> = { high: 0, medium: 1, low: 2 };

/** `findings` with those on exactly the same words folded into the most severe one. Any earlier folding is undone first. */
export function foldSameWords(input: readonly Finding[]): Finding[] {
  const findings = input.map(({ also: _also, foldedInto: _foldedInto, ...f }) => f as Finding);
  const byWords = new Map<string, Finding[]>();
  for (const f of findings) {
    const key = `${f.start}|${f.end}`;
    const list = byWords.get(key);
    if (list) list.push(f);
    else byWords.set(key, [f]);
  }
  const folded = new Map<Finding, Finding>();
  for (const list of byWords.values()) {
    if (list.length < 2) continue;
    const ranked = [...list].sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || CATEGORIES.indexOf(a.category) - CATEGORIES.indexOf(b.category));
    const primary = ranked[0]!;
    const others = ranked.slice(1).filter((f) => f.category !== primary.category);
    if (!others.length) continue;
    folded.set(primary, { ...primary, also: others.map((f) => ({ category: f.category, rule: f.rule, severity: f.severity, message: f.message })) });
    for (const f of others) folded.set(f, { ...f, foldedInto: primary.category });
  }
  return folded.size ? findings.map((f) => folded.get(f) ?? f) : findings;
}

/** The findings to show a person: each risk once (those folded into another are shown with it). */
export function shownFindings<T extends Pick<Finding, 'foldedInto'>>(findings: readonly T[]): T[] {
  return findings.filter((f) => f.foldedInto === undefined);
}
