/** The table of φ per segment, largest |φ| first; a row can be highlighted from the heat map. */
import { formatNumber, formatPhi } from './format.js';
import type { ResultDocument } from './result-json.js';

export function fillPhiTable(body: HTMLTableSectionElement, doc: ResultDocument): void {
  const order = doc.shapValues.map((_, j) => j).sort((a, b) => Math.abs(doc.shapValues[b]) - Math.abs(doc.shapValues[a]) || a - b);
  body.replaceChildren(
    ...order.map((j, rank) => {
      const row = document.createElement('tr');
      row.dataset.segment = String(j);
      const se = doc.standardErrors[j];
      const cells = [String(rank + 1), String(j), formatPhi(doc.shapValues[j]), doc.exact ? '—' : `±${formatNumber(1.96 * se, false)}`, String(doc.segmentPixels[j])];
      for (const [i, text] of cells.entries()) {
        const cell = document.createElement(i === 1 ? 'th' : 'td');
        if (i === 1) cell.scope = 'row';
        cell.textContent = text;
        if (i === 2) cell.className = doc.shapValues[j] >= 0 ? 'pos' : 'neg';
        row.append(cell);
      }
      return row;
    }),
  );
}

/** Highlights the row of `segment` (null: none). */
export function highlightRow(body: HTMLTableSectionElement, segment: number | null): void {
  for (const row of body.querySelectorAll<HTMLTableRowElement>('tr.hover')) row.classList.remove('hover');
  if (segment === null) return;
  const row = body.querySelector<HTMLTableRowElement>(`tr[data-segment="${segment}"]`);
  if (row === null) return;
  row.classList.add('hover');
  // Scrolls the table's own box only: scrolling the page would move the heat map under the pointer.
  const box = row.closest<HTMLElement>('.table-wrap');
  if (box === null) return;
  const top = row.offsetTop - ((body.parentElement as HTMLTableElement | null)?.tHead?.offsetHeight ?? 0);
  if (top < box.scrollTop) box.scrollTop = top;
  else if (row.offsetTop + row.offsetHeight > box.scrollTop + box.clientHeight) box.scrollTop = row.offsetTop + row.offsetHeight - box.clientHeight;
}
