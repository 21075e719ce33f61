/** resolveBiasConfig: what it accepts, and a ValidationError naming the config key for what it refuses. */
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/errors.js';
import { resolveBiasConfig, type BiasConfigInput } from '../../src/bias/config.js';

const base = {
  label: 'approved',
  label_values_or_threshold: [1],
  facet: [{ name_or_index: 'sex', value_or_threshold: ['Female'] }],
  methods: { pre_training_bias: { methods: 'all' } },
} as const;

function refusal(config: unknown, options = {}): ValidationError {
  try {
    resolveBiasConfig(config as BiasConfigInput, options);
  } catch (err) {
    expect(err).toBeInstanceOf(ValidationError);
    return err as ValidationError;
  }
  throw new Error('expected a ValidationError');
}

describe('resolveBiasConfig', () => {
  it('reads the bias keys, "all" as every metric in smclarify’s order', () => {
    const s = resolveBiasConfig({ ...base, group_variable: 'region', excluded_columns: ['id'], joinsource_name_or_index: 'id' });
    expect(s.label).toBe('approved');
    expect(s.labelValues).toEqual([{ type: 'int', value: 1 }]);
    expect(s.facets).toEqual([{ column: 'sex', values: [{ type: 'str', value: 'Female' }], path: '$.facet[0]' }]);
    expect(s.preTraining).toEqual(['CDDL', 'CI', 'DPL', 'JS', 'KL', 'KS', 'LP', 'TVD']);
    expect(s.postTraining).toBeUndefined();
    expect(s.groupVariable).toBe('region');
    expect(s.joinsource).toBe('id');
  });

  it('keeps floats as floats (PyFloat-like { value }), ints as ints, bigints exactly', () => {
    const s = resolveBiasConfig({ ...base, label_values_or_threshold: [{ value: 40 }], facet: [{ name_or_index: 0, value_or_threshold: [12n, 2.5] }] });
    expect(s.labelValues).toEqual([{ type: 'float', value: 40 }]);
    expect(s.facets[0]?.values).toEqual([
      { type: 'int', value: 12, text: '12' },
      { type: 'float', value: 2.5 },
    ]);
  });

  it('sorts and de-duplicates a metric list; treats [] facet values as none', () => {
    const s = resolveBiasConfig({
      ...base,
      predicted_label: 'pred',
      facet: [{ name_or_index: 'sex', value_or_threshold: [] }],
      methods: { post_training_bias: { methods: ['TE', 'DI', 'TE'] } },
    });
    expect(s.postTraining).toEqual(['DI', 'TE']);
    expect(s.facets[0]?.values).toBeUndefined();
  });

  it('takes the model’s prediction column and threshold from options', () => {
    const s = resolveBiasConfig(
      { ...base, methods: { post_training_bias: { methods: 'all' } } },
      { predictedLabel: '__prediction', probabilityThreshold: 0.5 },
    );
    expect(s.predictedLabel).toBe('__prediction');
    expect(s.probabilityThreshold).toBe(0.5);
    const fromConfig = resolveBiasConfig({ ...base, predicted_label: 'score', probability_threshold: { value: 0.6 }, methods: { post_training_bias: { methods: 'all' } } });
    expect(fromConfig.probabilityThreshold).toBe(0.6);
  });

  it.each([
    [{ ...base, methods: {} }, '$.methods'],
    [{ ...base, methods: { pre_training_bias: { methods: ['CI', 'FT'] } } }, '$.methods.pre_training_bias.methods[1]'],
    [{ ...base, methods: { pre_training_bias: { methods: [] } } }, '$.methods.pre_training_bias.methods'],
    [{ ...base, methods: { post_training_bias: { methods: 'DPPL' } } }, '$.predicted_label'],
    [{ ...base, label: undefined }, '$.label'],
    [{ ...base, label: -1 }, '$.label'],
    [{ ...base, label_values_or_threshold: [] }, '$.label_values_or_threshold'],
    [{ ...base, label_values_or_threshold: [true] }, '$.label_values_or_threshold[0]'],
    [{ ...base, facet: [] }, '$.facet'],
    [{ ...base, facet: [{ name_or_index: 'a' }, { name_or_index: '' }] }, '$.facet[1].name_or_index'],
    [{ ...base, facet: [{ name_or_index: 'a', value_or_threshold: [null] }] }, '$.facet[0].value_or_threshold[0]'],
    [{ ...base, facet: [{ name_or_index: 'a', value_or_threshold: 'x' }] }, '$.facet[0].value_or_threshold'],
    [{ ...base, facet: [{ name_or_index: 'a' }, { name_or_index: 'a' }] }, '$.facet[1].name_or_index'],
    [{ ...base, group_variable: 1.5 }, '$.group_variable'],
    [{ ...base, excluded_columns: 'x' }, '$.excluded_columns'],
    [{ ...base, predicted_label: 'p', probability_threshold: 'high' }, '$.probability_threshold'],
  ])('refuses %j at %s', (config, field) => {
    expect(refusal(config).field).toBe(field);
  });
});
