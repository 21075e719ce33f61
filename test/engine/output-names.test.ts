/**
 * Output names derived from untrusted input names: confined to the output
 * folder, distinct for inputs whose names meet, deterministic.
 */
import { describe, expect, it } from 'vitest';
import { MAX_SEGMENT_BYTES, assignOutputStems, outputNames, safeSegment } from '../../src/engine/output-names.js';
import { checkRelativePath } from '../../src/storage/storage.js';

describe('output names', () => {
  it('keep Clarify’s names for inputs that meet no other', () => {
    const stems = assignOutputStems(['a.png', 'nested/b.JPG', 'c.jpeg']);
    expect([...stems.values()]).toEqual(['a', 'c', 'nested/b']);
    expect(outputNames('nested/b')).toMatchObject({ labelImage: 'nested/b_segments.png', image: 'nested/b_image.jpeg', objects: 'nested/b_objects.jpeg' });
    expect(outputNames('nested/b').heatMap(3, true)).toBe('nested/shap_b.jpeg');
    expect(outputNames('nested/b').heatMap(3, false)).toBe('nested/shap_b_label3.jpeg');
  });

  it('never leave the folder, whatever the key holds', () => {
    const hostile = ['images/../../../x.png', '../x.png', '/abs/y.png', 'a/./b/../z.png', 'back\\slash\\..\\w.png', 'ctl\u0000\u001f.png', '../../..png'];
    const stems = assignOutputStems(hostile);
    for (const [file, stem] of stems) {
      const names = outputNames(stem);
      for (const name of [names.heatMap(1, true), names.heatMap(2, false), names.box(1), names.objects, names.labelImage, names.image]) {
        expect(() => checkRelativePath(name), `${file} -> ${name}`).not.toThrow();
      }
    }
    expect(stems.get('images/../../../x.png')).toBe('images/__/__/__/x');
    expect(stems.get('/abs/y.png')).toBe('abs/y');
    // One segment with dots inside, not a `..` segment.
    expect(stems.get('back\\slash\\..\\w.png')).toBe('back_slash_.._w');
  });

  it('cut over-long segments to a file name the file system takes, keeping them apart', () => {
    const long = 'n'.repeat(300);
    const a = safeSegment(`${long}a`);
    const b = safeSegment(`${long}b`);
    expect(Buffer.byteLength(a)).toBeLessThanOrEqual(MAX_SEGMENT_BYTES);
    expect(a).not.toBe(b);
    const multiByte = safeSegment('φ'.repeat(200));
    expect(Buffer.byteLength(multiByte)).toBeLessThanOrEqual(MAX_SEGMENT_BYTES);
    expect(multiByte.startsWith('φ')).toBe(true);
    const stem = assignOutputStems([`${long}/${long}.png`]).get(`${long}/${long}.png`) as string;
    expect(Buffer.byteLength(`shap_${stem.split('/')[1]}_label999.jpeg`)).toBeLessThanOrEqual(255);
  });

  it('give inputs whose names meet distinct, deterministic names', () => {
    const files = ['x.png', 'x.jpg', 'X.jpeg', 'a.png', 'a_label1.png', 'b_box2.png', 'b.png', 'x_png.png', 'solo.png'];
    const stems = assignOutputStems(files);
    expect(stems.get('solo.png')).toBe('solo');
    // Same stem, other extension (and case): the extension joins the stem.
    expect(stems.get('x.jpg')).toBe('x_jpg');
    expect(stems.get('X.jpeg')).toBe('X_jpeg');
    // `a` with a second label would write shap_a_label1.jpeg, the heat map of `a_label1`.
    expect(stems.get('a.png')).toBe('a_png');
    expect(stems.get('a_label1.png')).toBe('a_label1_png');
    // `x_png.png` keeps its plain name; the `x.png` that would take it gets a hash.
    expect(stems.get('x_png.png')).toBe('x_png');
    expect(stems.get('x.png')).toMatch(/^x_png~[0-9a-f]{8}$/);
    const every = [...stems.values()].flatMap((s) => {
      const n = outputNames(s);
      return [n.heatMap(0, true), n.heatMap(1, false), n.heatMap(2, false), n.box(1), n.box(2), n.objects, n.labelImage, n.image].map((f) => f.toLowerCase());
    });
    expect(new Set(every).size).toBe(every.length);
    // The same set in another order gives the same names.
    expect(assignOutputStems([...files].reverse())).toEqual(stems);
  });

  it('tell apart inputs that become the same name once made safe', () => {
    const stems = assignOutputStems(['../x.png', '__/x.png']);
    expect(new Set(stems.values()).size).toBe(2);
    for (const stem of stems.values()) expect(stem).toMatch(/^__\/x_png~[0-9a-f]{8}$/);
  });
});
