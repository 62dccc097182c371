import { Component, type ComponentChildren, type FunctionComponent } from 'preact';

const sameProps = (a: object, b: object): boolean => {
  const keys = Object.keys(a) as (keyof typeof a)[];
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
};

/**
 * A component that draws again only when one of its props changes (compared one by one), so a
 * board of many rows redraws just the rows that changed. Signals it reads still redraw it.
 */
export function memo<P extends object>(render: FunctionComponent<P>): FunctionComponent<P> {
  class Memo extends Component<P> {
    shouldComponentUpdate(next: P): boolean {
      return !sameProps(this.props, next);
    }
    render(props: P): ComponentChildren {
      return render(props);
    }
  }
  return Memo as unknown as FunctionComponent<P>; // a class component is used exactly like a function one in JSX
}
