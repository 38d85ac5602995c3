/**
 * "Audit past posts": the user chooses or drops the archive a platform gave them; a worker
 * (./audit-worker.ts) reads and checks it with progress and Cancel; the report shows here,
 * the same as the HTML the command line writes, and can be saved. The file is read by this
 * page only: no host permission is needed, and nothing is sent anywhere. The trust's
 * category modes and local terms apply, and `showAudit: false` turns the page off.
 */
// First: before any module below calls t() (see the module).
import '../shared/page-messages';
import { attachReport } from '../audit/report-behaviour';
import { csvCell, type ReportData } from '../audit/report-data';
import { reportHtml, reportRows } from '../audit/report-html';
import { checkOptions } from '../settings/check-options';
import { readEffective } from '../settings/effective';
import { t } from '../shared/i18n';
import type { AuditReply, AuditRequest } from './audit-worker';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const form = $<HTMLFormElement>('choose');
const input = $<HTMLInputElement>('archive');
const running = $('running');
const progress = $<HTMLProgressElement>('progress');
const cancel = $<HTMLButtonElement>('cancel');
const status = $('status');
const report = $('report');
const saveRow = $('save-row');
const save = $<HTMLButtonElement>('save');

$('title').textContent = t('audit_title');
document.title = `Second Opinion: ${t('audit_title')}`;
$('intro').textContent = t('audit_intro');
$('choose-label').textContent = t('audit_choose');
$('drop-hint').textContent = t('audit_drop');
$('direct-messages-label').textContent = t('audit_direct_messages');
cancel.textContent = t('audit_cancel');
save.textContent = t('audit_save');

let worker: Worker | undefined;
let saved: string | undefined;

function stop(): void {
  worker?.terminate();
  worker = undefined;
  running.hidden = true;
  form.inert = false;
}

/**
 * Flagged posts shown in this page at most: tens of thousands of them (an archive of a
 * risky corpus) took the page minutes to lay out. The saved report holds them all.
 */
const SHOWN_IN_PAGE = 1000;

/** The report's own markup, with its script left out: this page runs the same behaviour from its bundle. */
function show(data: ReportData): void {
  saved = reportHtml(data);
  const shown = data.items.length > SHOWN_IN_PAGE ? { ...data, items: data.items.slice(0, SHOWN_IN_PAGE) } : data;
  const parsed = new DOMParser().parseFromString(shown === data ? saved : reportHtml(shown), 'text/html');
  for (const script of parsed.querySelectorAll('script')) script.remove();
  const main = parsed.querySelector('main')!;
  main.querySelector('h2')?.before(parsed.querySelector('header p')!);
  report.replaceChildren(...Array.from(main.childNodes).map((node) => document.importNode(node, true)));
  attachReport(report, csvCell, reportRows(shown));
  if (shown !== data) report.querySelector('#posts')?.before(Object.assign(document.createElement('p'), { className: 'note', textContent: t('audit_first_shown', [String(SHOWN_IN_PAGE), String(data.items.length)]) }));
  saveRow.hidden = false;
}

async function start(files: File[]): Promise<void> {
  if (!files.length) return;
  stop();
  report.replaceChildren();
  saveRow.hidden = true;
  saved = undefined;
  const effective = await readEffective();
  if (!effective.trust.showAudit) return;
  const request: AuditRequest = { files, options: checkOptions(effective.settings), directMessages: $<HTMLInputElement>('direct-messages').checked };
  worker = new Worker('audit-worker.js');
  running.hidden = false;
  form.inert = true;
  progress.removeAttribute('value');
  status.textContent = t('audit_reading');
  worker.addEventListener('message', (event: MessageEvent<AuditReply>) => {
    const reply = event.data;
    if (reply.type === 'progress') {
      progress.max = Math.max(1, reply.total);
      progress.value = reply.checked;
      status.textContent = t('audit_progress', [String(reply.checked), String(reply.total)]);
    } else if (reply.type === 'done') {
      stop();
      status.textContent = t('audit_done', [String(reply.data.posts), String(reply.data.flagged)]);
      show(reply.data);
    } else {
      stop();
      status.textContent = reply.message;
    }
  });
  worker.addEventListener('error', (event) => {
    stop();
    status.textContent = event.message || 'The audit stopped.';
  });
  worker.postMessage(request);
}

input.addEventListener('change', () => void start(Array.from(input.files ?? [])));
cancel.addEventListener('click', () => {
  stop();
  status.textContent = t('audit_cancelled');
  input.focus();
});
// Drop anywhere on the page.
document.addEventListener('dragover', (event) => {
  event.preventDefault();
  form.classList.add('dropping');
});
document.addEventListener('dragleave', () => form.classList.remove('dropping'));
document.addEventListener('drop', (event) => {
  event.preventDefault();
  form.classList.remove('dropping');
  if (!form.inert) void start(Array.from(event.dataTransfer?.files ?? []));
});
save.addEventListener('click', () => {
  if (!saved) return;
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([saved], { type: 'text/html' }));
  link.download = `second-opinion-audit-${new Date().toISOString().slice(0, 10)}.html`;
  document.body.append(link);
  link.click();
  link.remove();
});

void readEffective().then((effective) => {
  if (!effective.trust.showAudit) {
    form.hidden = true;
    const note = $('hidden-by-trust');
    note.textContent = t('audit_hidden_by_trust');
    note.hidden = false;
  }
  document.body.dataset.ready = 'true';
});
