/**
 * `report.html` of a tabular run: one self-contained page (no script, no network)
 * with the run and its dataset on top, how to read the tables, then per bias section
 * its label and one table per facet entry: each metric's short name, description,
 * value and what its sign and size mean; then the explanations as inline SVG: per label
 * a bar chart of its global SHAP values, per feature its partial dependence plot
 * (`html-explanations.ts`). Every string from the document is escaped.
 *
 * @packageDocumentation
 */
import type { TabularAnalysisDocument } from '../../analysis/tabular-document.js';
import { escapeHtml as escape } from '../html-escape.js';
import { BASE_STYLE } from '../html-style.js';
import { dateText } from '../number-format.js';
import type { ReportOptions } from '../report-options.js';
import { NOTHING_TO_SHOW } from './explanations-data.js';
import { EXPLANATIONS_STYLE, explanationsHtml } from './html-explanations.js';
import { metricValueText } from './metric-value.js';
import { type BiasFacetTable, type BiasSectionView, READING_GUIDE, datasetSentence, tabularReportData } from './report-data.js';

const STYLE = `${BASE_STYLE}
table.bias { width: 100%; max-width: 72rem; }
table.bias caption { text-align: left; font-weight: 600; padding-bottom: 0.2rem; }
table.bias th[scope="row"] { white-space: nowrap; }
table.bias td.num { white-space: nowrap; }
table.bias td.meaning { color: #444; font-size: 13px; }
code { font: 13px ui-monospace, monospace; background: #f3f3f3; padding: 0 0.2rem; }
${EXPLANATIONS_STYLE}`;

/** What {@link renderTabularHtmlReport} needs besides the document: the date is resolved by the caller. */
export type TabularHtmlReportOptions = ReportOptions & { readonly createdAt: Date };

/** Renders the report page of a tabular run. */
export function renderTabularHtmlReport(document: TabularAnalysisDocument, options: TabularHtmlReportOptions): string {
  const title = options.title ?? 'clarify-ts analysis report';
  const data = tabularReportData(document);
  const sections = data.sections.map(section).join('\n');
  const explanations = explanationsHtml(data.explanations);
  const guide = sections === '' ? '' : `<p id="reading-guide">${escape(READING_GUIDE)}</p>\n`;
  const body = [sections, explanations].filter((part) => part !== '').join('\n') || `<p id="nothing">${escape(NOTHING_TO_SHOW)}</p>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escape(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${escape(title)}</h1>
<p class="meta">Created <time datetime="${options.createdAt.toISOString()}">${dateText(options.createdAt)}</time>${data.engine === undefined ? '' : ` by ${escape(data.engine)}`}.</p>
${options.note ? `<p class="note">${escape(options.note)}</p>\n` : ''}${data.dataset ? `<p id="dataset">Dataset: ${escape(datasetSentence(data.dataset))}</p>\n` : ''}${guide}${body}
</body>
</html>
`;
}

function section(s: BiasSectionView): string {
  return `<section id="${s.key === 'pre_training_bias_metrics' ? 'pre-training' : 'post-training'}">
<h2>${escape(s.title)}</h2>
<p class="label">Label <code>${escape(s.label)}</code>, positive value(s) or threshold <code>${escape(s.labelValue)}</code>.</p>
${s.tables.map(table).join('\n')}
</section>`;
}

function table(t: BiasFacetTable): string {
  const rows = t.rows.map((r) => {
    const failed = r.value.kind === 'error';
    const raw = r.value.kind === 'number' ? ` data-value="${r.value.value}"` : '';
    return `<tr data-metric="${escape(r.name)}"${failed ? ' class="failed"' : ''}><th scope="row">${escape(r.name)}</th><td>${escape(r.description)}</td>` +
      `<td class="${failed ? 'error' : 'num'}"${raw}>${escape(metricValueText(r.value))}</td><td class="meaning">${escape(r.meaning ?? '')}</td></tr>`;
  });
  return `<table class="bias" data-facet="${escape(t.facet)}" data-value="${escape(t.value)}">
<caption>Facet <code>${escape(t.facet)}</code>, value(s) or threshold <code>${escape(t.value)}</code></caption>
<thead><tr><th>metric</th><th>description</th><th>value</th><th>what it means</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody></table>`;
}
