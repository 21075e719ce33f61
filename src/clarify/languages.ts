/**
 * Languages Clarify's text explainability tokenises (`TextConfig.language`).
 *
 * @packageDocumentation
 */

/** A language name or its ISO code, as `TextConfig` accepts it (case-sensitive). */
export type TextLanguage = (typeof TEXT_LANGUAGES)[number];

/** Accepted language names and ISO codes, in the SDK's order (name, then code). */
export const TEXT_LANGUAGES = [
  'chinese', 'zh', 'danish', 'da', 'dutch', 'nl', 'english', 'en', 'french', 'fr',
  'german', 'de', 'greek', 'el', 'italian', 'it', 'japanese', 'ja', 'lithuanian', 'lt',
  'multi-language', 'xx', 'norwegian bokmål', 'nb', 'polish', 'pl', 'portuguese', 'pt',
  'romanian', 'ro', 'russian', 'ru', 'spanish', 'es', 'afrikaans', 'af', 'albanian', 'sq',
  'arabic', 'ar', 'armenian', 'hy', 'basque', 'eu', 'bengali', 'bn', 'bulgarian', 'bg',
  'catalan', 'ca', 'croatian', 'hr', 'czech', 'cs', 'estonian', 'et', 'finnish', 'fi',
  'gujarati', 'gu', 'hebrew', 'he', 'hindi', 'hi', 'hungarian', 'hu', 'icelandic', 'is',
  'indonesian', 'id', 'irish', 'ga', 'kannada', 'kn', 'kyrgyz', 'ky', 'latvian', 'lv',
  'ligurian', 'lij', 'luxembourgish', 'lb', 'macedonian', 'mk', 'malayalam', 'ml',
  'marathi', 'mr', 'nepali', 'ne', 'persian', 'fa', 'sanskrit', 'sa', 'serbian', 'sr',
  'setswana', 'tn', 'sinhala', 'si', 'slovak', 'sk', 'slovenian', 'sl', 'swedish', 'sv',
  'tagalog', 'tl', 'tamil', 'ta', 'tatar', 'tt', 'telugu', 'te', 'thai', 'th', 'turkish', 'tr',
  'ukrainian', 'uk', 'urdu', 'ur', 'vietnamese', 'vi', 'yoruba', 'yo',
] as const;
