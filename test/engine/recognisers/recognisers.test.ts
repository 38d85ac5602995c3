import { entities } from '../../../src/engine';
import { recogniseHospitalNumbers } from '../../../src/engine/recognisers/hospital-number';
import { recognisePostcodes } from '../../../src/engine/recognisers/postcode';
import { findPhones, LABELLED, longestDigitRun, recognisePhones, WEAKLY_LABELLED } from '../../../src/engine/recognisers/phone';
import fc from 'fast-check';
import { recogniseEmails } from '../../../src/engine/recognisers/email';
import { recogniseDates } from '../../../src/engine/recognisers/date';
import { recogniseAges } from '../../../src/engine/recognisers/age';
import type { Entity, EntityType } from '../../../src/engine/types';

const texts = (found: Entity[]) => found.map((e) => e.text);
const ofType = (text: string, type: EntityType) => texts(entities(text).filter((e) => e.type === type));

describe('hospital numbers', () => {
  it.each([
    ['MRN 00482913 awaiting vetting', '00482913'],
    ['hospital no: K1234567', 'K1234567'],
    ['unit number 7654321 please', '7654321'],
    ['Shout out to RX4471923 again', 'RX4471923'],
    // Other health systems' record numbers, by their own labels.
    ['UR: 4471923 still in ED', '4471923'],
    ['UR# 0093812 for the bloods', '0093812'],
    ['UR no. 1234567 to theatre', '1234567'],
    ['U.R. number 1234567 to theatre', '1234567'],
    ['unit record number 1234567', '1234567'],
    ['health card number 4532716890 expired', '4532716890'],
    ['health card # 1234-567-890 expired', '1234-567-890'],
    ['Health card no: 9123 456 789 AB', '9123 456 789 AB'],
    ['health card number ABCD 1234 5678', 'ABCD 1234 5678'],
    ['NHI ZAC5361 needs a repeat INR', 'ZAC5361'],
    ['NHI no. ZBN77VL booked for Tuesday', 'ZBN77VL'],
    ['NHI ZZZ 0016 booked', 'ZZZ 0016'],
    ['NHI-ZZZ0016 booked', 'ZZZ0016'],
    ["the patient's NHI is ZZZ0016", 'ZZZ0016'],
    ['nhi zzz0016 booked', 'zzz0016'],
  ])('finds the number in %s', (text, want) => {
    expect(texts(recogniseHospitalNumbers(text))).toEqual([want]);
  });
  it.each(['use code DRSOPH15 for 15% off', 'code AB1234567 at checkout', 'PO ref 4100238817', 'NG136 guidance', 'flight BA2490', 'the NHI overlay showing', 'NHI IOA1234 (no I or O in an NHI)', 'ABC1234 on its own', 'your URL 12345', 'thanks for ur 12000 likes', 'Ur 123456 steps today',
    // "UR" is also "your" in capitals, and "URN" the UK's Unique Reference Number (a school's, a grant's).
    'THANKS FOR UR 12000 LIKES!!', 'CONGRATS ON UR 100000 FOLLOWERS', 'UR 12345 steps', 'Ofsted URN 123456 - our school is outstanding',
    'Please quote URN 1234567 on your application form', 'School URN: 100123', 'URBAN12345 festival'])('ignores %s', (text) => {
    expect(recogniseHospitalNumbers(text)).toEqual([]);
  });
});

describe('postcodes', () => {
  it.each(['LS6 2QT', 'SW1A 1AA', 'M1 1AE', 'B33 8TH', 'CR2 6XH', 'DN55 1PT', 'EC1A 1BB'])('finds %s', (pc) => {
    expect(texts(recognisePostcodes(`same address in ${pc} again`))).toEqual([pc]);
  });
  it.each(['LS6 2CI', 'the A61 near', 'Q1 1AA', 'ECG 12 lead'])('rejects %s', (t) => {
    expect(recognisePostcodes(t)).toEqual([]);
  });
  it('finds labelled foreign postal codes only when labelled', () => {
    expect(texts(recognisePostcodes('zip code 90210'))).toEqual(['90210']);
    expect(texts(recognisePostcodes('my zip code is 35350'))).toEqual(['35350']);
    expect(recognisePostcodes('raised 90210 pounds')).toEqual([]);
  });
});

describe('phone numbers', () => {
  it.each(['07700 900882', '0113 496 0000', '0800 069 882', '+44 7700 900882', '(020) 7946 0000', '+41 (0)62 585 51 90', '001-253-366-9781', '(579)888-3058', '01.84.17.61.18'])('finds %s', (p) => {
    expect(texts(recognisePhones(`ring ${p} now`))).toContain(p);
  });
  it.each(['Na 135-145', 'ratio 1:2', '98% compliance', '14 trolleys', 'PSA of 4,312', 'went to 2 000 people', 'back at 02:40'])('ignores %s', (t) => {
    expect(recognisePhones(t)).toEqual([]);
  });
  it.each([
    ['please call me at 0494 92 82 32 today', '0494 92 82 32'],
    ['stop sending messages to 699 956 915', '699 956 915'],
    ['Phone: 467 3395', '467 3395'],
    ['Personal Info:\nPhone:\n467 3395\n\nE-mail:', '467 3395'],
  ])('finds labelled numbers: %s', (text, want) => {
    expect(texts(recognisePhones(text))).toContain(want);
  });
  it('measures the longest run of digits joined by spaces and ". - ( ) +", which the patterns need six of', () => {
    expect(longestDigitRun('72yo in bed 4, PSA 48,213')).toBe(3);
    expect(longestDigitRun('ring (020) 7946-0000 x12')).toBe(11);
    expect(longestDigitRun('467\u2003 3395')).toBe(7);
  });
  it('finds labelled numbers where a word boundary in front of the label would, and nowhere else', () => {
    // The labels start with (?<!\w), which V8 scans faster than \b under the iu flags.
    const piece = fc.oneof(fc.constantFrom(' ', 'ſ', 'K', '\u212A', 'é', '_', "'", '\n', 'tel ', 'call me at ', 'to ', 'on ', 'at ', 'xtel ', 'phone: ', '📞'), fc.stringMatching(/^\d{2,5}$/), fc.string({ maxLength: 3 }));
    for (const re of [LABELLED, WEAKLY_LABELLED]) {
      expect(re.source.startsWith('(?<!\\w)')).toBe(true);
      const written = new RegExp(re.source.replace(/^\(\?<!\\w\)/, '\\b'), re.flags);
      const all = (r: RegExp, text: string) => [...text.matchAll(r)].map((m) => [m.index, m[0]]);
      fc.assert(fc.property(fc.array(piece, { maxLength: 12 }), (parts) => expect(all(re, parts.join(''))).toEqual(all(written, parts.join('')))), { numRuns: 1500 });
    }
  });
  it('skips the patterns only for drafts where they cannot find a number', () => {
    const piece = fc.oneof(fc.constantFrom(' ', '.', '-', '(', ')', '+', '+44', 'x', ',', ':', '\n', 'tel ', 'call me at ', 'to '), fc.stringMatching(/^\d{1,5}$/), fc.string({ maxLength: 3 }));
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 14 }), (parts) => {
        const text = parts.join('');
        expect(recognisePhones(text)).toEqual(findPhones(text));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('email addresses', () => {
  it('finds addresses', () => {
    expect(texts(recogniseEmails('mail JonasZadina@armyspy.com or a.b-c@nhs.net.'))).toEqual(['JonasZadina@armyspy.com', 'a.b-c@nhs.net']);
  });
  it('ignores handles', () => {
    expect(recogniseEmails('@kelly_b88 thanks')).toEqual([]);
  });
  it('finds nothing without an "@", the cheap test that lets most drafts skip the pattern', () => {
    expect(recogniseEmails('JonasZadina at armyspy.com')).toEqual([]);
  });
});

describe('dates and times', () => {
  it.each([
    ['DOB 14/03/1941 in bay C', '14/03/1941'],
    ['admitted on 3rd Jan with', '3rd Jan'],
    ['Saturday 14th, send coffee', 'Saturday 14th'],
    ['came into SAU on Tues with', 'Tues'],
    ['conference, 14-16 May', '14-16 May'],
    ['Sat my AKT on 23/01', '23/01'],
    ['born March 1941', 'March 1941'],
    ['logged 1984-04-27 15:25:53', '1984-04-27 15:25:53'],
    ['founded in 1977.', '1977'],
    ['During 1994, the practice merged', '1994'],
    ['on the same ward until 2019 when', '2019'],
  ])('%s', (text, want) => {
    expect(texts(recogniseDates(text))).toContain(want);
  });
  it.each(['Na 135-145', 'after 2000 patients', 'may help', 'I sat there', 'wed to the job', 'Mobile: 03.93.92.16.85', '45/67/2020'])('ignores %s', (t) => {
    expect(recogniseDates(t)).toEqual([]);
  });
});

describe('ages', () => {
  it.each([
    ['a 72yo retired head', '72yo'],
    ['72 y/o', '72 y/o'],
    ['a 47 year old farmer', '47 year old'],
    ['34-year-old lady', '34-year-old'],
    ['JT, 54M, ex marine', '54M'],
    ['woman in her 50s who', 'in her 50s'],
    ['Young mum, early 30s, brought in', 'early 30s'],
    ['30 something bloke', '30 something'],
    ["He's 88.", "He's 88"],
    ['on her 100th birthday', 'her 100th birthday'],
    ['aged 64 with', 'aged 64'],
    ['My brother just turned 60', 'just turned 60'],
    ['retired at the age of 61', 'at the age of 61'],
    ["My birthday is on the weekend. I'll turn 23.", "I'll turn 23"],
    ['RIP Joan Kerrigan, 94, who passed on our unit', '94'],
    ['the lad in today, 24, bin man from Smethwick', '24'],
  ])('%s', (text, want) => {
    expect(texts(recogniseAges(text))).toContain(want);
  });
  it.each(['3 pints', '14 miles', '1990s music', 'room 101', 'Na 135-145', 'Musicians of the 70s', 'The NHS turned 75 this year', 'the counter turned 60 degrees', 'bays 1, 2, 3 and 4', 'beds 12, 14, and 16 are free', 'Sodium 135, 4.1, normal'])('ignores %s', (t) => {
    expect(recogniseAges(t)).toEqual([]);
  });
});

describe('names, places and addresses (through the engine tokeniser)', () => {
  it.each([
    ['Mrs Kaur in bed 12 on Ward 9', 'Mrs Kaur'],
    ['chase the echo for Margaret Hobbs DOB', 'Margaret Hobbs'],
    ['Aaron B from the old class', 'Aaron B'],
    ['Valentine S. Yermakov listed his songs', 'Valentine S. Yermakov'],
    ['happy birthday Edna, Ward 10 loves you', 'Edna'],
    ['My name is Rubija', 'Rubija'],
    ['James Talbot listed his songs', 'James Talbot'],
    ['For my take on Mrs. Labrie, see', 'Mrs. Labrie'],
    ['the verses from Faina D. Yefremova', 'Faina D. Yefremova'],
    // A first name's surname may be an everyday word too.
    ["your boss's wife 😬 Karen Mills. Can't tell you", 'Karen Mills'],
    ['seen by John Baker today', 'John Baker'],
    // A one-letter prefix with an apostrophe before the capital: Irish, Italian and West African surnames.
    ["Mrs O'Sullivan's daughter is asking for her", "Mrs O'Sullivan"],
    ['Dr D’Costa is on the ward round', 'Dr D’Costa'],
    ["Aoife O'Reilly came back to clinic", "Aoife O'Reilly"],
    ['Mr N’Dour went home today', 'Mr N’Dour'],
  ])('person in %s', (text, want) => {
    expect(ofType(text, 'PERSON')).toContain(want);
  });
  it.each([
    ['our founders: Eklund, Michael and Hodge.', ['Eklund', 'Michael', 'Hodge']],
    ['Ubul: What a wife.\nNicole: Remember her?', ['Ubul', 'Nicole']],
    ['Koppány: "Who are you?"\nElizabeth:"I am her niece"', ['Koppány', 'Elizabeth']],
    ["What's your last name? Magnusson", ['Magnusson']],
    ['She named him Frank', ['Frank']],
    ['her maiden name is nyberg', ['nyberg']],
    ['Warrane, can I please speak to your boss?', ['Warrane']],
    ["a done thing between him and Franciska's kid", ['Franciska']],
    ['Shovda is very reliable.', ['Shovda']],
    ['Mrs. Barbara Yudina Apt. 675 62314 Mellemvej 32', ['Mrs. Barbara Yudina']],
  ])('people from context in %s', (text, want) => {
    expect(ofType(text, 'PERSON')).toEqual(want);
  });
  it.each([
    'The Jones, Smith and Davis Orchestra was founded in 1977',
    'Hi Freddy, I am fine',
    'Mobile: 0490 39 07 81\nDesk: +447700 921 916\nFax: 345-899-3560',
    'Plan: home tomorrow\nBloods: fine',
    'Animation, Comedy, Kids & Family',
    'Please return to Leon and Eyrarodda 66 in case of an issue.',
  ])('no new person in %s', (text) => {
    expect(ofType(text, 'PERSON').filter((p) => !['Freddy', 'Leon'].includes(p))).toEqual([]);
  });
  it.each([
    ['Mr Rangel flew to HORTEN on Monday morning.', 'HORTEN'],
    ['She studied at the University of Nicosia.', 'Nicosia'],
    ['Ms Barajas flew to New Westminster on Saturday.', 'New Westminster'],
    ['We moved here from Cite Guedouala', 'Cite Guedouala'],
  ])('place from context in %s', (text, want) => {
    expect(ofType(text, 'LOCATION')).toContain(want);
  });
  it.each([
    'moved to RESUS at 3am',
    'transferred to ICU overnight',
    'a chat with our Freedom to Speak Up Guardian',
    'drops you off at 07576 Magasinsgatan 7 St.',
    'explained to Fuse TV: we liked it',
  ])('no place in %s', (text) => {
    expect(ofType(text, 'LOCATION')).toEqual([]);
  });
  it.each([
    ['William Hughes\n\n20789 Allika 46\n Suite 501\n Riisa\n\n Estonia 62488', '20789 Allika 46\n Suite 501\n Riisa\n\n Estonia 62488'],
    ['> 2224 Trenerys gate 232\n> Apt. 342\n> TRONDHEIM\n> Norway 64389', '2224 Trenerys gate 232\n> Apt. 342\n> TRONDHEIM\n> Norway 64389'],
  ])('address block in %s', (text, want) => {
    expect(ofType(text, 'ADDRESS')).toEqual([want]);
  });
  it.each(['Bay 4 on Ward 22 tonight', '2 RNs for 32 patients on Ward 11'])('no address in %s', (text) => {
    expect(ofType(text, 'ADDRESS')).toEqual([]);
  });
  it.each([
    'Northbridge NHS Trust covered it up',
    'Entertainment Weekly is a magazine',
    'Cardiac arrest on Otley Rd',
    // Everyday words capitalised as headings are not names.
    'Personal Info:\nPhone: 0113 496 0000',
    'Mission Statement: we care',
    'Action & Adventure, Mystery & Suspense',
    'Private scans at Clearview Imaging are quicker',
  ])('no person in %s', (text) => {
    expect(ofType(text, 'PERSON')).toEqual([]);
  });
  it.each([
    ['retired headteacher from Kendal', 'Kendal'],
    ['moved to Sheffield last year', 'Sheffield'],
    ['travelling to France next week', 'France'],
    ['a holiday in New Zealand', 'New Zealand'],
  ])('place in %s', (text, want) => {
    expect(ofType(text, 'LOCATION')).toContain(want);
  });
  it.each([
    ['found at 6750 Koskikatu 25 Apt. 864', '6750 Koskikatu 25 Apt. 864'],
    ['Nieuwe Baan 473 is the office', 'Nieuwe Baan 473'],
    ['lives at 704 Redbud Drive', '704 Redbud Drive'],
    ['arrest on Otley Rd this morning', 'Otley Rd'],
    ['office at 33 avenue de Provence', '33 avenue de Provence'],
    ['Tomomi lives at 86036 Rua do Arenque 1634, Goiânia', '86036 Rua do Arenque 1634, Goiânia'],
    ['William Hughes  20789 Allika 46  Suite 501  Riisa   Estonia 62488', '20789 Allika 46  Suite 501  Riisa   Estonia 62488'],
    // A building number before the street's number, and post office boxes.
    ['his address: 975 3968 Bay Street, Toronto', '975 3968 Bay Street, Toronto'],
    ['45818 P.O. Box 242\n Suite 787\n Kangerlussuaq', '45818 P.O. Box 242\n Suite 787\n Kangerlussuaq'],
    ['write to PO Box 77, Leeds', 'PO Box 77, Leeds'],
    ['The bus station is on P.O. Box 104', 'P.O. Box 104'],
    ['Meet me at P.O. Box 149 Monika Union', 'P.O. Box 149 Monika Union'],
    // A bed number is not part of the address after it.
    ['moved from bed 12 3 Acacia Avenue', '3 Acacia Avenue'],
  ])('address in %s', (text, want) => {
    expect(ofType(text, 'ADDRESS')).toEqual([want]);
  });
  it.each(['Meet me at P.O. Box 149 Monika Union', 'the answer is in box 12 of the notes', 'kept 2 boxes in bay 4'])('no stray person or box in %s', (text) => {
    expect(ofType(text, 'PERSON')).toEqual([]);
    if (!/P\.O\./.test(text)) expect(ofType(text, 'ADDRESS')).toEqual([]);
  });
});

describe('names with no title: lower case, surname shapes, lists, repeats, speakers', () => {
  it.each([
    // Typed in lower case: a known first name and a word that is only a name.
    ['can you follow up with patricia desrosiers next week', ['patricia desrosiers']],
    ['review for benjamin a seiler please', ['benjamin a seiler']],
    ['mrs kaur in bed 4 again', ['mrs kaur']],
    ['please join accounts with ms. Quinzia', ['ms. Quinzia']],
    // A relation, a quotation's speaker, "call me".
    ['I need to take my son Tadzio off the account', ['Tadzio']],
    ['"It is going well," says Hartvigsson.', ['Hartvigsson']],
    ['Not again! said Maslin, laughing', ['Maslin']],
    ['friends call me Piusz', ['Piusz']],
    // A lone surname whose ending only surnames have.
    ['nobody writes like Bulgakov any more', ['Bulgakov']],
    ['the thesis was by Ásgeirsdóttir, I think', ['Ásgeirsdóttir']],
    // A name found once, found again.
    ['produced by Maciej Borkowski and starring Borkowski', ['Maciej Borkowski', 'Borkowski']],
    // Lists that hold a known surname or first name, in either case.
    ['Marrero and Murphy were on call together', ['Marrero', 'Murphy']],
    ['they had four: silvana, adam, christopher and caleb.', ['silvana', 'adam', 'christopher', 'caleb']],
    // Dutch and German particles; a first word that is also an everyday word.
    ['Willemine ten Pas is speaking at ten', ['Willemine ten Pas']],
    ['Maika van de Noort\nWard manager', ['Maika van de Noort']],
    ['her aunt was called Crystal Murdock', ['Crystal Murdock']],
    ['Jay Pearce lives at the end of the road', ['Jay Pearce']],
  ])('people in %s', (text, want) => {
    expect(ofType(text, 'PERSON')).toEqual(want);
  });
  it.each([
    // Eponymous conditions, signs and scales are not people or places.
    "Patient with Crohn's flare in bay 3",
    "another lady with Addison's disease today",
    'a kid with Kawasaki disease',
    "newly diagnosed with Parkinson's",
    "man with Hashimoto's and Graves' disease",
    "teenager with Asperger's",
    'the Mallory-Weiss tear settled',
    "in Hartmann's solution",
    'Glasgow Coma Scale 15',
    // Compounds, firms and streets.
    'Awarded Salesperson of the Month twice',
    'Lopez, Santos and Coleman is a design agency',
    'Regards,\nBarnett, Melton and Garcia\nSolicitors',
    'I used to work for Transparagov as an analyst',
    'meet at Popović Dam at noon',
    'Ward 9: amazing team, amazing night',
    'bed 2: jack ab taken, awaiting result',
  ])('no person or place in %s', (text) => {
    expect(ofType(text, 'PERSON')).toEqual([]);
    expect(ofType(text, 'LOCATION')).toEqual([]);
  });
  it.each(["Gonna Miss Y'All so much", "Sister D'You have a minute", "Matron O'Clock already"])('no name from a contraction written with a capital in %s', (text) => {
    expect(ofType(text, 'PERSON')).toEqual([]);
  });
  it("keeps a person who shares a condition's name", () => {
    expect(ofType("Mr Parkinson's daughter rang", 'PERSON')).toEqual(['Mr Parkinson']);
  });
  it.each([
    ["i'm originally from switzerland", 'switzerland'],
    ['my cousin lives in harburg now', 'harburg'],
    ['Where: Erwetegem Country Club.', 'Erwetegem'],
    ["the band's home city Voorburg", 'Voorburg'],
    ['a design agency based in Pelhrimov.', 'Pelhrimov'],
  ])('place in %s', (text, want) => {
    expect(ofType(text, 'LOCATION')).toEqual([want]);
  });
  it.each(['moved to resus at 3am', 'she lives in fear of falls', 'transferred to majors'])('no place in %s', (text) => {
    expect(ofType(text, 'LOCATION')).toEqual([]);
  });
  it.each([
    ['Megan lives on Via Tasso 129 these days.', 'Via Tasso 129'],
    ['The station is on Pod Floriánem 1677', 'Pod Floriánem 1677'],
    ['on the north side of Joaquin Suarez 2906.', 'Joaquin Suarez 2906'],
    ['post it to USNS Møller\nFPO AA 85844', 'USNS Møller\nFPO AA 85844'],
    ['unit 1009 box 0219\ndpo ap 51065', 'unit 1009 box 0219\ndpo ap 51065'],
  ])('address in %s', (text, want) => {
    expect(ofType(text, 'ADDRESS')).toEqual([want]);
  });
  it.each(['she is on Ward 9', 'he is on Amber Ward 9 now', 'Mr Jones is at Level 5 today', 'the answer is on Page 12'])('no address in %s', (text) => {
    expect(ofType(text, 'ADDRESS')).toEqual([]);
  });
});
