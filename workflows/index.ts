// Every workflow the worker registers.
export {};
