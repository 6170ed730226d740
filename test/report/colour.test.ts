import { describe, expect, it } from 'vitest';
import { colourWanted } from '../../src/report/colour.js';

describe('colourWanted', () => {
  it('colours a terminal and leaves a pipe plain, whatever CI says', () => {
    expect(colourWanted({}, [], true)).toBe(true);
    expect(colourWanted({}, [], false)).toBe(false);
    expect(colourWanted({ CI: 'true' }, [], false)).toBe(false);
    expect(colourWanted({ TERM: 'dumb' }, [], true)).toBe(false);
  });
  it('obeys NO_COLOR and --no-color over everything, FORCE_COLOR and --color over a pipe', () => {
    expect(colourWanted({ NO_COLOR: '' }, [], true)).toBe(false);
    expect(colourWanted({ FORCE_COLOR: '1' }, ['--no-color'], true)).toBe(false);
    expect(colourWanted({ FORCE_COLOR: '1' }, [], false)).toBe(true);
    expect(colourWanted({ FORCE_COLOR: '0' }, [], false)).toBe(false);
    expect(colourWanted({}, ['--color'], false)).toBe(true);
  });
});
