/**
 * The wording of validateShape's answers on a small hand-made model, so that
 * each rule is pinned down independently of the SageMaker model in use.
 */
import { describe, expect, it } from 'vitest';
import type { ServiceModel } from '../../src/testing/service-model.js';
import { formatConstraintMessage, validateShape } from '../../src/testing/shape-validator.js';

const model: ServiceModel = {
  metadata: { protocol: 'json', apiVersion: '2020-01-01', serviceId: 'Test' },
  operations: {},
  path: 'test model',
  shapes: {
    Request: {
      type: 'structure',
      required: ['Name'],
      members: {
        Name: { shape: 'Name' },
        Args: { shape: 'Args' },
        Counts: { shape: 'Counts' },
        Env: { shape: 'Env' },
        Secrets: { shape: 'Secrets' },
        Items: { shape: 'Items' },
        Mode: { shape: 'Mode' },
        Size: { shape: 'Size' },
        Token: { shape: 'Token' },
      },
    },
    Name: { type: 'string', min: 1, max: 8, pattern: '[a-z]+' },
    Arg: { type: 'string', max: 4, pattern: '.*' },
    Args: { type: 'list', member: { shape: 'Arg' }, max: 3 },
    Count: { type: 'integer', min: 1, max: 9 },
    Counts: { type: 'list', member: { shape: 'Count' } },
    Key: { type: 'string', min: 1, max: 3, pattern: '[A-Z]+' },
    Value: { type: 'string', max: 5 },
    Env: { type: 'map', key: { shape: 'Key' }, value: { shape: 'Value' }, max: 2 },
    Secret: { type: 'string', max: 3, sensitive: true },
    Secrets: { type: 'list', member: { shape: 'Secret' } },
    Item: { type: 'structure', members: { Id: { shape: 'Name' }, Weight: { shape: 'Count' } } },
    Items: { type: 'list', member: { shape: 'Item' }, max: 1 },
    Mode: { type: 'string', enum: ['Fast', 'Slow'] },
    Size: { type: 'long' },
    Token: { type: 'string', max: 2, sensitive: true },
  },
};

const constraints = (value: unknown): string[] => validateShape(model, 'Request', value).constraints;
const serialization = (value: unknown): string[] => validateShape(model, 'Request', value).serialization;

describe('constraint messages', () => {
  it('reports a scalar member once per constraint it breaks, with its value', () => {
    expect(constraints({ Name: 'TooLongName' })).toEqual([
      "Value 'TooLongName' at 'name' failed to satisfy constraint: Member must have length less than or equal to 8",
      "Value 'TooLongName' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-z]+",
    ]);
    expect(constraints({ Name: 'ok', Mode: 'Medium' })).toEqual([
      "Value 'Medium' at 'mode' failed to satisfy constraint: Member must satisfy enum value set: [Fast, Slow]",
    ]);
    expect(constraints({})).toEqual(["Value null at 'name' failed to satisfy constraint: Member must not be null"]);
  });

  it('reports bad list members once for the list, listing every constraint the member shape declares (maximum, minimum, enum, pattern)', () => {
    expect(constraints({ Name: 'ok', Args: ['a', 'bbbbb', 'cccccc'] })).toEqual([
      "Value '[a, bbbbb, cccccc]' at 'args' failed to satisfy constraint: Member must satisfy constraint: " +
        '[Member must have length less than or equal to 4, Member must satisfy regular expression pattern: .*]',
    ]);
    expect(constraints({ Name: 'ok', Counts: [1, 0, 10] })).toEqual([
      "Value '[1, 0, 10]' at 'counts' failed to satisfy constraint: Member must satisfy constraint: " +
        '[Member must have value less than or equal to 9, Member must have value greater than or equal to 1]',
    ]);
  });

  it("reports the list's own length separately from its members", () => {
    expect(constraints({ Name: 'ok', Args: ['a', 'b', 'c', 'ddddd'] })).toEqual([
      "Value '[a, b, c, ddddd]' at 'args' failed to satisfy constraint: Member must have length less than or equal to 3",
      "Value '[a, b, c, ddddd]' at 'args' failed to satisfy constraint: Member must satisfy constraint: " +
        '[Member must have length less than or equal to 4, Member must satisfy regular expression pattern: .*]',
    ]);
  });

  it('reports bad map keys once, then bad map values once, and the map length on its own; the map printed as {key=value}', () => {
    const shown = "Value '{lower=123456, OK=1}' at 'env' failed to satisfy constraint: ";
    expect(constraints({ Name: 'ok', Env: { lower: '123456', OK: '1' } })).toEqual([
      `${shown}Map keys must satisfy constraint: [Member must have length less than or equal to 3, Member must have length greater than or equal to 1, Member must satisfy regular expression pattern: [A-Z]+]`,
      `${shown}Map value must satisfy constraint: [Member must have length less than or equal to 5]`,
    ]);
    expect(constraints({ Name: 'ok', Env: { A: '1', B: '2', C: '3' } })).toEqual([
      "Value '{A=1, B=2, C=3}' at 'env' failed to satisfy constraint: Member must have length less than or equal to 2",
    ]);
  });

  it('keeps the .N.member path for structures in lists, and prints structures as Shape(member=value, …)', () => {
    expect(constraints({ Name: 'ok', Items: [{ Id: 'a' }, { Id: 'B', Weight: 3 }] })).toEqual([
      "Value '[Item(id=a, weight=null), Item(id=B, weight=3)]' at 'items' failed to satisfy constraint: Member must have length less than or equal to 1",
      "Value 'B' at 'items.2.member.id' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-z]+",
    ]);
  });

  it('never prints a sensitive value, nor a list holding sensitive values', () => {
    expect(constraints({ Name: 'ok', Token: 'secret', Secrets: ['abcd'] })).toEqual([
      "Value at 'secrets' failed to satisfy constraint: Member must satisfy constraint: [Member must have length less than or equal to 3]",
      "Value at 'token' failed to satisfy constraint: Member must have length less than or equal to 2",
    ]);
  });

  it('sums up as "N validation error(s) detected"', () => {
    expect(formatConstraintMessage(['a'])).toBe('1 validation error detected: a');
    expect(formatConstraintMessage(['a', 'b'])).toBe('2 validation errors detected: a; b');
  });
});

describe('serialization messages', () => {
  it('names the JSON token and the target type', () => {
    expect(serialization({ Name: 1 })).toEqual(['NUMBER_VALUE can not be converted to a String']);
    expect(serialization({ Name: true })).toEqual(['TRUE_VALUE can not be converted to a String']);
    expect(serialization({ Name: 'ok', Counts: ['1'] })).toEqual(['STRING_VALUE can not be converted to an Integer']);
    expect(serialization({ Name: 'ok', Counts: [false] })).toEqual(['FALSE_VALUE can not be converted to an Integer']);
    expect(serialization({ Name: 'ok', Size: '5' })).toEqual(['STRING_VALUE can not be converted to a Long']);
  });

  it('words containers of the wrong type as the deserializer does', () => {
    expect(serialization({ Name: 'ok', Args: 'a' })).toEqual(['Expected list or null']);
    expect(serialization({ Name: 'ok', Args: { a: 1 } })).toEqual(['Start of structure or map found where not expected.']);
    expect(serialization({ Name: 'ok', Env: 1 })).toEqual(['Expected map or null']);
    expect(serialization({ Name: 'ok', Env: [] })).toEqual(['Start of list found where not expected']);
    expect(serialization({ Name: 'ok', Items: ['x'] })).toEqual(['Expected null']);
    expect(serialization({ Name: ['ok'] })).toEqual(['Start of list found where not expected']);
    expect(serialization([])).toEqual(['Start of list found where not expected']);
  });

  it('reports the first wrong value in document order only; null and unknown members are not errors', () => {
    expect(serialization({ Mode: 1, Name: true })).toEqual(['NUMBER_VALUE can not be converted to a String']);
    expect(serialization({ Name: 'ok', Args: null, Unknown: [1, 2] })).toEqual([]);
  });
});
