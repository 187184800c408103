import { consumedBetween, givenBack } from './bundle-consumption';

describe('bundle consumption', () => {
  it('is what a rating added to the usage, per bundle', () => {
    expect(consumedBetween({ a: 60, b: 120 }, { a: 60, b: 300 })).toEqual({ b: 180 });
    expect(consumedBetween({}, { a: 60 })).toEqual({ a: 60 });
  });

  it('is null when the call used no bundle', () => {
    const usage = { a: 60 };
    expect(consumedBetween(usage, usage)).toBeNull();
    expect(consumedBetween(usage, { a: 60 })).toBeNull();
  });

  it('is given back without going below zero or touching other bundles', () => {
    const usage = { a: 300, b: 60 };
    expect(givenBack(usage, { a: 120 })).toEqual({ a: 180, b: 60 });
    expect(givenBack(usage, { b: 600 })).toEqual({ a: 300, b: 0 });
    expect(usage).toEqual({ a: 300, b: 60 });
  });

  it('gives nothing back to a bundle the period has not used (a new period started since)', () => {
    expect(givenBack({}, { a: 120 })).toEqual({});
  });
});
