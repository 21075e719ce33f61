/**
 * Job names and image URIs against what the real Python SDK produced
 * (test/fixtures/python-sdk/name_from_base.json and image_uris.json).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/errors.js';
import { imageUris, type ImageFramework } from '../../src/sagemaker/image-uris.js';
import { baseFromName, baseNameFromImage, nameFromBase, sagemakerTimestamp } from '../../src/sagemaker/names.js';

const FIXTURES = join(import.meta.dirname, '../fixtures/python-sdk');
const names = JSON.parse(readFileSync(join(FIXTURES, 'name_from_base.json'), 'utf8')) as {
  frozen_time_epoch: number;
  examples_at_frozen_time: { base: string; name_from_base: string; name_from_base_max_length_32: string }[];
  millisecond_formatting: { 'time.time()': number; sagemaker_timestamp: string }[];
  base_name_from_image: { image: string; base_name_from_image: string }[];
  base_from_name: { name: string; base_from_name: string }[];
};
const images = JSON.parse(readFileSync(join(FIXTURES, 'image_uris.json'), 'utf8')) as {
  tables: Record<ImageFramework, { uris: Record<string, string> }>;
  retrieve_calls: { framework: string; region: string; kwargs: Record<string, string | null>; result?: string; error?: { message: string } }[];
};

describe('job names', () => {
  const clock = () => names.frozen_time_epoch;
  it.each(names.examples_at_frozen_time)('name_from_base($base)', (example) => {
    expect(nameFromBase(example.base, { clock })).toBe(example.name_from_base);
    expect(nameFromBase(example.base, { clock, maxLength: 32 })).toBe(example.name_from_base_max_length_32);
  });
  it.each(names.millisecond_formatting)('timestamp of $time.time()', (example) => {
    expect(sagemakerTimestamp(() => example['time.time()'])).toBe(example.sagemaker_timestamp);
  });
  it.each(names.base_name_from_image)('base_name_from_image($image)', (example) => {
    expect(baseNameFromImage(example.image)).toBe(example.base_name_from_image);
  });
  it.each(names.base_from_name)('base_from_name($name)', (example) => {
    expect(baseFromName(example.name)).toBe(example.base_from_name);
  });
});

describe('imageUris.retrieve', () => {
  for (const framework of ['clarify', 'image-classification'] as const) {
    it(`gives the Python SDK's URI in every region of the ${framework} table, and only there`, () => {
      const table = images.tables[framework].uris;
      for (const [region, uri] of Object.entries(table)) expect(imageUris.retrieve(framework, region)).toBe(uri);
      expect(imageUris.regions(framework)).toEqual(Object.keys(table).sort());
    });
  }

  it('matches the recorded calls: versions, scopes, unsupported regions', () => {
    for (const call of images.retrieve_calls) {
      if (call.framework === 'not-a-framework') continue;
      const options = {
        ...(call.kwargs.version ? { version: call.kwargs.version } : {}),
        ...(call.kwargs.image_scope ? { imageScope: call.kwargs.image_scope } : {}),
      };
      const attempt = (): string => imageUris.retrieve(call.framework as ImageFramework, call.region, options);
      if (call.result !== undefined) {
        expect(attempt(), JSON.stringify(call)).toBe(call.result);
        continue;
      }
      let error: unknown;
      try {
        attempt();
      } catch (e) {
        error = e;
      }
      expect(error, JSON.stringify(call)).toBeInstanceOf(ValidationError);
      // The supported values Python lists are the ones we list.
      const supported = /Supported (?:region|image scope)\(s\): (.*)\.$/.exec(call.error!.message)![1];
      expect((error as ValidationError).allowed).toBe(supported);
    }
  });

  it('refuses an unknown framework listing the known ones', () => {
    expect(() => imageUris.retrieve('not-a-framework' as ImageFramework, 'us-west-2')).toThrow(/'clarify', 'image-classification'/);
  });
});
