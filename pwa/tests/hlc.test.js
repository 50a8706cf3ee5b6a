import { describe, expect, it } from 'vitest';
import { compareHlc, formatHlc, parseHlc, receive, tick, ZERO } from '../src/sync/hlc.js';

const W = 1764150000000; // 2025-11-26T09:40:00Z

describe('HLC format', () => {
  it('pads the wall clock to 15 digits and the counter to 5', () => {
    expect(formatHlc({ wall: W, counter: 3 }, 'dev-1')).toBe('001764150000000-00003-dev-1');
    expect(formatHlc({ wall: 0, counter: 0 }, 'x')).toBe('000000000000000-00000-x');
  });
  it('parses back what it formats', () => {
    expect(parseHlc('001764150000000-00003-0190f3a2-aaaa')).toEqual({ wall: W, counter: 3, node: '0190f3a2-aaaa' });
    expect(() => parseHlc('1764150000000-3-x')).toThrow();
  });
});

describe('tick (local event)', () => {
  it('takes the wall clock when it moves forward, counter 0', () => {
    expect(tick(ZERO, W)).toEqual({ wall: W, counter: 0 });
    expect(tick({ wall: W, counter: 4 }, W + 10)).toEqual({ wall: W + 10, counter: 0 });
  });
  it('increments the counter when the wall clock does not move', () => {
    expect(tick({ wall: W, counter: 0 }, W)).toEqual({ wall: W, counter: 1 });
  });
  it('never goes backwards when the device clock does', () => {
    expect(tick({ wall: W, counter: 5 }, W - 60000)).toEqual({ wall: W, counter: 6 });
  });
  it('carries a counter overflow into the wall clock', () => {
    expect(tick({ wall: W, counter: 99999 }, W)).toEqual({ wall: W + 1, counter: 0 });
  });
});

describe('receive (fold a remote clock)', () => {
  it('same wall on both sides: max counter + 1', () => {
    expect(receive({ wall: W, counter: 2 }, formatHlc({ wall: W, counter: 7 }, 'srv'), W - 5)).toEqual({ wall: W, counter: 8 });
  });
  it('remote ahead: remote wall, remote counter + 1', () => {
    expect(receive({ wall: W, counter: 2 }, formatHlc({ wall: W + 500, counter: 3 }, 'srv'), W)).toEqual({ wall: W + 500, counter: 4 });
  });
  it('local ahead: local wall, local counter + 1', () => {
    expect(receive({ wall: W + 500, counter: 9 }, formatHlc({ wall: W, counter: 30 }, 'srv'), W)).toEqual({ wall: W + 500, counter: 10 });
  });
  it('physical clock ahead of both: now, counter 0', () => {
    expect(receive({ wall: W, counter: 2 }, formatHlc({ wall: W + 1, counter: 3 }, 'srv'), W + 1000)).toEqual({ wall: W + 1000, counter: 0 });
  });
});

describe('ordering', () => {
  it('string order is generation order, across wall and counter changes', () => {
    let s = ZERO;
    const out = [];
    for (const now of [W, W, W, W + 1, W - 3, W + 2, W + 2]) {
      s = tick(s, now);
      out.push(formatHlc(s, 'dev'));
    }
    expect([...out].sort()).toEqual(out);
    expect(out[0]).toBe('001764150000000-00000-dev');
    expect(out[4]).toBe('001764150000001-00001-dev');
    expect(out[6]).toBe('001764150000002-00001-dev');
  });
  it('the device id breaks ties', () => {
    expect(compareHlc('001764150000000-00001-a', '001764150000000-00001-b')).toBe(-1);
    expect(compareHlc('001764150000000-00002-a', '001764150000000-00001-b')).toBe(1);
    expect(compareHlc('001764150000000-00001-a', '001764150000000-00001-a')).toBe(0);
  });
});

describe('a clock years off', () => {
  const Y2019 = 1546300800000; // 2019-01-01
  const Y2036 = 2082758400000; // 2036-01-01
  it('a device stuck in 2019 orders after what it received from 2025', () => {
    const received = formatHlc({ wall: W, counter: 12 }, 'srv');
    let s = receive(tick(ZERO, Y2019), received, Y2019);
    expect(s).toEqual({ wall: W, counter: 13 });
    s = tick(s, Y2019 + 1000);
    expect(s).toEqual({ wall: W, counter: 14 });
    expect(formatHlc(s, 'dev') > received).toBe(true);
  });
  it('a device in 2036 keeps its clock and still moves forward on receive', () => {
    const s = receive(tick(ZERO, Y2036), formatHlc({ wall: W, counter: 1 }, 'srv'), Y2036);
    expect(s).toEqual({ wall: Y2036, counter: 1 });
    expect(formatHlc(s, 'dev')).toBe('002082758400000-00001-dev');
  });
});
