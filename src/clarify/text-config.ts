import type { TextConfigFragment } from './analysis-config.js';
import { checkOneOf, checkOptions } from './check.js';
import { TEXT_GRANULARITIES, type TextGranularity } from './constants.js';
import { TEXT_LANGUAGES, type TextLanguage } from './languages.js';

/** Options of {@link TextConfig} (Python `TextConfig(...)` parameters). */
export interface TextConfigOptions {
  /** The unit of text each SHAP feature stands for. */
  readonly granularity: TextGranularity;
  /** The language of the text: a name (`'english'`) or ISO code (`'en'`), lower case. */
  readonly language: TextLanguage;
}

/**
 * How text features are split for SHAP (Python `sagemaker.clarify.TextConfig`).
 *
 * @example
 * ```ts
 * new SHAPConfig({ baseline: [['<UNK>']], textConfig: new TextConfig({ granularity: 'token', language: 'english' }) });
 * ```
 */
export class TextConfig {
  /** The text granularity. */
  readonly granularity: TextGranularity;
  /** The language. */
  readonly language: TextLanguage;

  constructor(options: TextConfigOptions) {
    const owner = 'TextConfig';
    checkOptions(owner, options);
    this.granularity = checkOneOf(owner, 'granularity', options.granularity, TEXT_GRANULARITIES);
    this.language = checkOneOf(owner, 'language', options.language, TEXT_LANGUAGES);
  }

  /** `methods.shap.text_config` (Python `get_text_config()`), a fresh copy. */
  getTextConfig(): TextConfigFragment {
    return { granularity: this.granularity, language: this.language };
  }
}
