import { isValidNhsNumber, recogniseNhsNumbers } from '../../../src/engine/recognisers/nhs-number';

describe('isValidNhsNumber (modulus 11)', () => {
  it.each(['9434765919', '943 476 5919', '943-476-5919', '4010232137', '6260181590'])('accepts %s', (n) => {
    expect(isValidNhsNumber(n)).toBe(true);
  });
  it.each([
    ['9434765910', 'wrong check digit'],
    ['4010232138', 'wrong check digit'],
    ['123456789', 'nine digits'],
    ['12345678901', 'eleven digits'],
    ['943476591X', 'not all digits'],
    ['1000000010', 'remainder gives check value 10: never issued'],
  ])('rejects %s (%s)', (n) => {
    expect(isValidNhsNumber(n)).toBe(false);
  });
});

describe('recogniseNhsNumbers', () => {
  const found = (t: string) => recogniseNhsNumbers(t).map((e) => e.text);
  it('finds spaced, hyphenated and unbroken numbers with valid check digits', () => {
    expect(found('pt 943 476 5919 and 943-476-5927 and 9434765935')).toEqual(['943 476 5919', '943-476-5927', '9434765935']);
  });
  it('ignores numbers with an invalid check digit', () => {
    expect(found('NHS no 943 476 5910')).toEqual([]);
  });
  it('ignores mixed separators', () => {
    expect(found('943 476-5919')).toEqual([]);
  });
  it('ignores valid numbers introduced as something else', () => {
    expect(found('Order no. 943 476 5927 still processing')).toEqual([]);
    expect(found('PO ref 9434765919')).toEqual([]);
    expect(found('call the helpline on 0434765918')).toEqual([]);
  });
  it('keeps a number labelled NHS even after another label', () => {
    expect(found('ref: NHS no 943 476 5919')).toEqual(['943 476 5919']);
  });
  it("finds Scotland's CHI and Northern Ireland's H&C numbers (the same check) when labelled", () => {
    // A CHI number starts with the date of birth, so often with 0: found only with its label.
    expect(found('CHI 020 685 4412 needs a repeat INR')).toEqual(['020 685 4412']);
    expect(found('020 685 4412 needs a repeat INR')).toEqual([]);
    // Grouped with its date of birth apart, as CHI numbers often are: only after the label.
    expect(found('CHI 020685 4412 needs a repeat INR')).toEqual(['020685 4412']);
    expect(found('CHI 020685 4413 needs a repeat INR')).toEqual([]);
    expect(found('020685 4412 needs a repeat INR')).toEqual([]);
    // An H&C number's full label wins over another label before it, as NHS does; a bare "H&C"
    // or "HCN" (hot and cold, hydrogen cyanide) is no label.
    expect(found('ref H&C no. 3204567818')).toEqual(['3204567818']);
    expect(found('ref Health and Care number 3419025572')).toEqual(['3419025572']);
    expect(found('ref 3419025572')).toEqual([]);
    expect(found('HCN exposure, ref 0206854412')).toEqual([]);
  });
  it('does not find numbers inside longer digit runs or amounts', () => {
    expect(found('99434765919')).toEqual([]);
    expect(found('£9434765919')).toEqual([]);
  });
  it('reports UTF-16 offsets after emoji', () => {
    const text = '😂😂 NHS 943 476 5919';
    const [e] = recogniseNhsNumbers(text);
    expect(text.slice(e!.start, e!.end)).toBe('943 476 5919');
  });
});
