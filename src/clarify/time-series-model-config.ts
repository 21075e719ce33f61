import { checkOptions, checkString } from './check.js';

/** Options of {@link TimeSeriesModelConfig} (Python `TimeSeriesModelConfig(...)` parameters). */
export interface TimeSeriesModelConfigOptions {
  /** JMESPath that finds the forecast in the model's response. */
  readonly forecast: string;
}

/**
 * Where a forecasting model puts its forecast (Python `sagemaker.clarify.TimeSeriesModelConfig`).
 *
 * @example
 * ```ts
 * new ModelConfig({ ..., timeSeriesModelConfig: new TimeSeriesModelConfig({ forecast: 'predictions[*].mean' }) });
 * ```
 */
export class TimeSeriesModelConfig {
  /** The forecast JMESPath. */
  readonly forecast: string;

  constructor(options: TimeSeriesModelConfigOptions) {
    checkOptions('TimeSeriesModelConfig', options);
    this.forecast = checkString('TimeSeriesModelConfig', 'forecast', options.forecast);
  }

  /** `predictor.time_series_predictor_config` (Python `get_time_series_model_config()`), a fresh copy. */
  getTimeSeriesModelConfig(): { forecast: string } {
    return { forecast: this.forecast };
  }
}
