/**
 * What the audit report does once shown: the filters by risk, year and site, and the ticks
 * that build a "to delete" list saved as CSV. One function, run in two places: written into
 * the self-contained HTML report as its only script (so it must close over nothing: all it
 * needs comes in as arguments), and called by the extension's audit page from its bundle
 * (whose policy runs no inline script).
 */
export type Row = [site: string, date: string, link: string, search: string, text: string];

export function attachReport(root: ParentNode, csvCell: (value: string) => string, rows: Row[]): void {
  const find = <T extends Element>(selector: string) => root.querySelector<T>(selector)!;
  const posts = Array.from(root.querySelectorAll<HTMLElement>('article.post'));
  const category = find<HTMLSelectElement>('#filter-category');
  const year = find<HTMLSelectElement>('#filter-year');
  const site = find<HTMLSelectElement>('#filter-site');
  const shown = find<HTMLElement>('#shown');
  const filter = () => {
    let count = 0;
    for (const post of posts) {
      const visible = (!category.value || (post.dataset.categories ?? '').split(' ').includes(category.value)) && (!year.value || post.dataset.year === year.value) && (!site.value || post.dataset.site === site.value);
      post.hidden = !visible;
      if (visible) count++;
    }
    shown.textContent = `${count} shown`;
  };
  for (const select of [category, year, site]) select.addEventListener('change', filter);
  const boxes = Array.from(root.querySelectorAll<HTMLInputElement>('input.delete'));
  const counter = find<HTMLElement>('#to-delete');
  const save = find<HTMLButtonElement>('#export');
  const ticked = () => boxes.filter((box) => box.checked);
  for (const box of boxes) {
    box.addEventListener('change', () => {
      const n = ticked().length;
      counter.textContent = `${n} ${n === 1 ? 'post' : 'posts'}`;
      save.disabled = n === 0;
    });
  }
  save.addEventListener('click', () => {
    const lines = [['site', 'date', 'link', 'search', 'text'], ...ticked().map((box) => rows[Number(box.dataset.index)]!)];
    const csv = `${lines.map((line) => line.map(csvCell).join(',')).join('\r\n')}\r\n`;
    const link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
    link.download = 'posts-to-delete.csv';
    document.body.append(link);
    link.click();
    link.remove();
  });
}
