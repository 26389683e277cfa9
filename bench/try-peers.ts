import { makePeople } from './src/evaluation/fixture.js';
import { evaluateByHand, toFlatContext } from './src/evaluation/handwritten.js';
import { openFeatureSystem } from './src/evaluation/openfeature.js';
import { unleashSystem } from './src/evaluation/unleash.js';
import { growthBookSystem } from './src/evaluation/growthbook.js';
const people = makePeople();
const hand = people.map((p) => evaluateByHand(toFlatContext(p)));
console.log('hand on:', hand.filter(Boolean).length);
for (const make of [openFeatureSystem, unleashSystem, growthBookSystem]) {
  const sys = await make(people);
  const answers = [];
  for (const c of sys.contexts) answers.push(await sys.evaluate(c as never));
  const diff = answers.map((a, i) => a !== hand[i] ? i : -1).filter((i) => i >= 0);
  console.log(sys.name, 'on:', answers.filter(Boolean).length, 'diffs:', diff.length, diff.slice(0, 5).map((i) => people[i]));
  await sys.close();
}
