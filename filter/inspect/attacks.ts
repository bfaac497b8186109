// Attack classes (defined with the detectors in attack.ts); kept as a module so class users need not
// import the detectors.
export { AttackClass } from "./attack";
