/**
 * The look every report.html shares (fonts, tables, sections, notes); each report
 * adds the rules of its own figures.
 *
 * @packageDocumentation
 */

/** CSS of the page, its tables and sections, the note under the title and the grey meta lines. */
export const BASE_STYLE = `
body { font: 14px/1.4 system-ui, sans-serif; margin: 2rem; color: #222; }
table { border-collapse: collapse; margin: 0.5rem 0 1.5rem; }
th, td { border: 1px solid #ccc; padding: 0.2rem 0.6rem; text-align: left; vertical-align: top; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
section { border-top: 2px solid #ddd; padding-top: 1rem; margin-top: 1.5rem; }
.failed { color: #b00; }
.note { border-left: 4px solid #e0a000; background: #fff8e0; padding: 0.4rem 0.8rem; }
.meta { color: #555; }
`;
