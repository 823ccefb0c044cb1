package org.erlangen.testing;

import java.util.Random;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A symmetry group acting on a layer's inputs of type {@code X} and on its outputs, from which the checks of
 * {@link Equivariance} draw random elements.
 */
public interface Group<X> {
    /** How failure messages name the group, such as "node permutations". */
    String name();

    /** A random element for this input: a permutation of its nodes, an angle for each of its vertices. */
    Element<X> draw(X input, Random random);

    /**
     * One element {@code g} of the group: how it acts on an input and on an output. The output action is that of
     * the output's type (rows that follow nodes, vectors that turn); an invariant output ignores it.
     */
    interface Element<X> {
        X onInput(X input);

        INDArray onOutput(INDArray output);

        /** The element in words, for failure messages. */
        String describe();

        static <X> Element<X> of(String description, UnaryOperator<X> onInput, UnaryOperator<INDArray> onOutput) {
            return new Element<>() {
                @Override
                public X onInput(X input) {
                    return onInput.apply(input);
                }

                @Override
                public INDArray onOutput(INDArray output) {
                    return onOutput.apply(output);
                }

                @Override
                public String describe() {
                    return description;
                }
            };
        }
    }

    /** A group written as a name and a way to draw elements, for actions a test defines itself. */
    static <X> Group<X> of(String name, BiFunction<X, Random, Element<X>> draw) {
        return new Group<>() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Element<X> draw(X input, Random random) {
                return draw.apply(input, random);
            }
        };
    }

    /**
     * This group's element followed by one of {@code next}, drawn for the transformed input: the product of the two
     * groups where they commute (a node permutation and a rotation), and a check of both at once.
     */
    default Group<X> then(Group<X> next) {
        Group<X> first = this;
        return of(name() + " then " + next.name(), (input, random) -> {
            Element<X> a = first.draw(input, random);
            Element<X> b = next.draw(a.onInput(input), random);
            return Element.of(a.describe() + ", then " + b.describe(), x -> b.onInput(a.onInput(x)),
                    y -> b.onOutput(a.onOutput(y)));
        });
    }
}
