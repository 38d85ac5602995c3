/**
 * The card that explains one finding: what the risk is, the flagged words, why (the
 * guidance paragraph, linked), how to fix it, and the two ways to quieten it. It lives
 * in our shadow root. Every piece of draft or rule text goes in through `textContent`,
 * so a draft containing HTML or script is shown as inert text.
 */
import type { Finding, GuidanceRef } from '../../engine/types';
import { categoryLabelKey, t } from '../../shared/i18n';
import type { Overlay } from './overlay';
import { muteNeedsTick } from './mute-tick';
import { onTrusted, singleClicksOnly, userChoice, userTicked } from './trusted';

export interface CardActions {
  dismiss(finding: Finding): void;
  /** Put the finding's mechanical safer wording in the editor, through the editor's own input (so its undo takes it back). */
  fix(finding: Finding): void;
  /** Stop flagging `words` (whatever the rule), or, without them, this kind of risk (the finding's rule). */
  mute(finding: Finding, words?: string): void;
  /** The card closed by keyboard: focus goes back to the editor. */
  returnFocus(): void;
  /** The rules declared high risk (the engine's highRules), whatever a finding is shown as. */
  highRules(): ReadonlySet<string>;
}

export interface CardContent {
  findings: Finding[];
  index: number;
  /** The draft text each finding's span is quoted from. */
  text: string;
  /** Where to place the card: the flagged text's rectangle (or the compose box's). */
  anchor: DOMRect;
  /** Opened from the keyboard: move focus into the card. */
  takeFocus: boolean;
}

export function element<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

const QUOTE_LIMIT = 160;

/** "GMC Good Medical Practice (2024), paragraph 88"; a part that is not numbered is named as it is ("…: checklist"). */
export function citation(ref: GuidanceRef): string {
  return /^\d/.test(ref.paragraph) ? t('card_guidance_ref', [ref.document, ref.paragraph]) : t('card_guidance_part', [ref.document, ref.paragraph]);
}

export class Card {
  private node: HTMLElement | undefined;
  private content: CardContent | undefined;
  private hideTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly overlay: Overlay,
    private readonly actions: CardActions,
  ) {}

  get isOpen(): boolean {
    return this.node !== undefined;
  }

  /** The finding shown, if any. */
  get shown(): Finding | undefined {
    return this.content ? this.content.findings[this.content.index] : undefined;
  }

  /** Whether a viewport point is over the card (the pointer moving onto it keeps it open). */
  contains(x: number, y: number): boolean {
    const box = this.node?.getBoundingClientRect();
    return !!box && x >= box.left && x <= box.right && y >= box.top && y <= box.bottom;
  }

  open(content: CardContent): void {
    this.cancelHide();
    const same = this.shown && content.findings[content.index] === this.shown;
    if (same && !content.takeFocus) return;
    this.close(false);
    this.content = content;
    const finding = content.findings[content.index]!;
    const card = element('div', `card ui ${finding.severity}`);
    singleClicksOnly(card);
    card.setAttribute('role', 'dialog');
    card.setAttribute('aria-modal', 'false');
    const titleId = `second-opinion-card-title`;
    card.setAttribute('aria-labelledby', titleId);

    const header = element('header');
    const title = element('h2', undefined, t(categoryLabelKey(finding.category)));
    title.id = titleId;
    // Opened from the keyboard, focus lands here, on what the card is about: on a button,
    // the Enter that follows Alt+Enter would dismiss the warning unread.
    title.tabIndex = -1;
    const severity = element('span', 'severity', t(`severity_${finding.severity}`));
    const close = element('button', 'close', '×');
    close.type = 'button';
    close.setAttribute('aria-label', t('card_close'));
    close.addEventListener('click', onTrusted(() => this.close(true)));
    header.append(title, severity, close);

    const message = element('p', 'message', finding.message);
    let quoted = content.text.slice(finding.start, finding.end);
    if (quoted.length > QUOTE_LIMIT) quoted = `${quoted.slice(0, QUOTE_LIMIT)}…`;
    const quote = element('p', 'quote', `“${quoted}”`);

    const why = element('p', 'why');
    why.append(element('strong', undefined, `${t('card_why')} `));
    finding.guidance.forEach((ref, i) => {
      if (i > 0) why.append('; ');
      const link = element('a', undefined, citation(ref));
      link.href = ref.url;
      link.target = '_blank';
      link.rel = 'noopener noreferrer';
      link.dataset.guidance = ref.id;
      why.append(link);
    });

    // The paragraphs in plain words, folded: the link is the authority, this is the gist.
    const summaries = element('details', 'guidance');
    summaries.append(element('summary', undefined, t('card_guidance_summary')));
    for (const ref of finding.guidance) {
      const paragraph = element('p');
      paragraph.append(element('strong', undefined, `${citation(ref)}: `), ref.summary);
      summaries.append(paragraph);
    }
    card.append(header, message, quote);
    // The same words are a risk of another kind too: said here, once, not in a second card.
    for (const other of finding.also ?? []) {
      const also = element('p', 'also');
      also.append(element('strong', undefined, `${t('card_also', [t(categoryLabelKey(other.category))])} `), other.message);
      card.append(also);
    }
    card.append(why, summaries);
    if (finding.suggestion) {
      const suggestion = element('p', 'suggestion');
      suggestion.append(element('strong', undefined, `${t('card_suggestion')} `), finding.suggestion);
      card.append(suggestion);
    }
    if (finding.replacement !== undefined) {
      // The safer draft, where it is mechanical: one click, and the site's undo takes it back.
      const words = content.text.slice(finding.start, finding.end);
      const shown = words.length > 60 ? `${words.slice(0, 60)}…` : words;
      const fix = element('button', 'fix', finding.replacement ? t('card_fix_replace', [shown, finding.replacement]) : t('card_fix_remove', [shown]));
      fix.type = 'button';
      fix.addEventListener(
        'click',
        onTrusted(() => {
          this.close(false);
          this.actions.fix(finding);
        }),
      );
      const row = element('p', 'fix');
      row.append(fix);
      card.append(row);
    }

    const actions = element('div', 'actions');
    const dismiss = element('button', 'dismiss', t('card_dismiss'));
    dismiss.type = 'button';
    dismiss.addEventListener(
      'click',
      onTrusted(() => {
        this.close(true);
        this.actions.dismiss(finding);
      }),
    );
    const mute = element('button', 'mute', t('card_mute'));
    mute.type = 'button';
    mute.setAttribute('aria-expanded', 'false');
    // "Don't flag this again" first asks what to stop: these words, or this kind of risk.
    const chooser = this.muteChooser(finding, content.text.slice(finding.start, finding.end), () => {
      chooser.hidden = true;
      actions.hidden = false;
      mute.setAttribute('aria-expanded', 'false');
      mute.focus();
    });
    chooser.hidden = true;
    mute.addEventListener(
      'click',
      onTrusted(() => {
        actions.hidden = true;
        chooser.hidden = false;
        mute.setAttribute('aria-expanded', 'true');
        chooser.querySelector<HTMLInputElement>('input[type=radio]')?.focus();
      }),
    );
    actions.append(dismiss, mute);
    card.append(actions, chooser);

    if (content.findings.length > 1) {
      const nav = element('div', 'nav');
      const previous = element('button', 'previous', t('card_previous'));
      previous.type = 'button';
      const position = element('span', undefined, t('card_position', [String(content.index + 1), String(content.findings.length)]));
      const next = element('button', 'next', t('card_next'));
      next.type = 'button';
      const go = (step: number) =>
        this.open({ ...content, index: (content.index + step + content.findings.length) % content.findings.length, takeFocus: true });
      // A page's script cannot step the card either: it would take focus from the editor.
      previous.addEventListener('click', onTrusted(() => go(-1)));
      next.addEventListener('click', onTrusted(() => go(1)));
      nav.append(previous, position, next);
      card.append(nav);
    }

    card.append(element('p', 'hint', t('card_shortcut')));

    card.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') {
        event.stopPropagation();
        this.close(true);
      }
    });
    card.addEventListener('mouseleave', () => this.scheduleHide());
    card.addEventListener('mouseenter', () => this.cancelHide());

    this.overlay.root.append(card);
    this.node = card;
    this.place(card, content.anchor);
    if (content.takeFocus) title.focus();
  }

  /**
   * The choice behind "Don't flag this again". These words (the default) mutes only them;
   * this kind of risk mutes the rule everywhere, and for a high risk asks for a tick first.
   */
  private muteChooser(finding: Finding, words: string, cancel: () => void): HTMLElement {
    const box = element('div', 'mute-scope');
    const fieldset = element('fieldset');
    fieldset.append(element('legend', undefined, t('card_mute_question')));
    const option = (value: 'words' | 'rule', label: string, checked: boolean) => {
      const input = element('input');
      input.type = 'radio';
      input.name = 'second-opinion-mute-scope';
      input.value = value;
      input.checked = checked;
      const wrapper = element('label');
      wrapper.append(input, element('span', undefined, label));
      fieldset.append(wrapper);
      return input;
    };
    const shown = words.length > 60 ? `${words.slice(0, 60)}…` : words;
    const wordsOption = option('words', t('card_mute_words', [shown]), true);
    const ruleOption = option('rule', t('card_mute_rule', [t(categoryLabelKey(finding.category))]), false);
    const confirm = element('label', 'confirm');
    const tick = element('input');
    tick.type = 'checkbox';
    confirm.append(tick, element('span', undefined, t('card_mute_confirm_high')));
    const stop = element('button', 'mute-confirm', t('card_mute_stop'));
    stop.type = 'button';
    const back = element('button', 'mute-cancel', t('card_mute_cancel'));
    back.type = 'button';
    const buttons = element('div', 'actions');
    buttons.append(stop, back);
    // A high risk switched off everywhere is confirmed by the user's own tick.
    const needsTick = () => muteNeedsTick(finding, ruleOption.checked, this.actions.highRules());
    const update = () => {
      confirm.hidden = !needsTick();
      stop.disabled = needsTick() && !ticked();
    };
    const ticked = userTicked(tick, update);
    // Which scope the user chose, not whatever a script set: a rule muted everywhere is more than "these words".
    const chosen = userChoice([wordsOption, ruleOption]);
    for (const input of [wordsOption, ruleOption]) input.addEventListener('change', update);
    update();
    stop.addEventListener(
      'click',
      onTrusted(() => {
        const scope = chosen();
        if (!scope || stop.disabled || (needsTick() && !ticked())) return;
        this.close(true);
        this.actions.mute(finding, scope === wordsOption ? words : undefined);
      }),
    );
    back.addEventListener('click', onTrusted(cancel));
    box.append(fieldset, confirm, buttons);
    return box;
  }

  private place(card: HTMLElement, anchor: DOMRect): void {
    const width = card.offsetWidth;
    const height = card.offsetHeight;
    let left = Math.min(Math.max(8, anchor.left), window.innerWidth - width - 8);
    let top = anchor.bottom + 6;
    if (top + height > window.innerHeight - 8 && anchor.top - height - 6 > 8) top = anchor.top - height - 6;
    left = Math.max(8, left);
    card.style.left = `${left}px`;
    card.style.top = `${Math.max(8, top)}px`;
  }

  /** Hide after a moment, so the pointer can travel from the underline to the card. */
  scheduleHide(delay = 300): void {
    this.cancelHide();
    this.hideTimer = setTimeout(() => {
      if (!this.node?.matches(':focus-within')) this.close(false);
    }, delay);
  }

  private cancelHide(): void {
    if (this.hideTimer !== undefined) clearTimeout(this.hideTimer);
    this.hideTimer = undefined;
  }

  close(returnFocus: boolean): void {
    this.cancelHide();
    const hadFocus = this.node?.matches(':focus-within') ?? false;
    this.node?.remove();
    this.node = undefined;
    this.content = undefined;
    if (returnFocus || hadFocus) this.actions.returnFocus();
  }
}
