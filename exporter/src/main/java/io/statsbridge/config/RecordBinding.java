package io.statsbridge.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Binds a config mapping to a record with Jackson, and words every key of the wrong type as a
 * problem at its place ({@code must be an integer (got "5m")}), all of them at once.
 */
final class RecordBinding {
  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);

  /** Record components in camelCase are keys in snake_case. */
  private static final PropertyNamingStrategies.NamingBase SNAKE =
      (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;

  private RecordBinding() {}

  static Set<String> keysOf(Class<? extends Record> type) {
    return Arrays.stream(type.getRecordComponents())
        .map(RecordComponent::getName)
        .map(SNAKE::translate)
        .collect(Collectors.toCollection(LinkedHashSet::new));
  }

  /**
   * {@code values} (the keys of {@code at} that {@code type} knows) as a {@code type}, or empty
   * after a problem of {@code at} for each key that cannot be bound.
   */
  static <R extends Record> Optional<R> bind(ConfigNode at, ObjectNode values, Class<R> type) {
    try {
      return Optional.of(MAPPER.treeToValue(values, type));
    } catch (JsonMappingException e) {
      // Jackson stops at the first error; each key bound alone finds the others.
      if (!anyKeyFails(at, values, type)) { // then it is the mapping as a whole
        at.problem(pathOf(e, ""), typeMessage(at, e, ""));
      }
      return Optional.empty();
    } catch (IOException | IllegalArgumentException e) {
      at.problem("", "cannot be read: " + e.getMessage());
      return Optional.empty();
    }
  }

  /**
   * Binds every key of {@code values} alone to its component's type, a problem of {@code at} for
   * each that fails; whether one did.
   */
  private static boolean anyKeyFails(
      ConfigNode at, ObjectNode values, Class<? extends Record> type) {
    boolean failed = false;
    for (RecordComponent component : type.getRecordComponents()) {
      String key = SNAKE.translate(component.getName());
      JsonNode value = values.get(key);
      if (value == null) {
        continue;
      }
      try {
        MAPPER.treeToValue(value, MAPPER.constructType(component.getGenericType()));
      } catch (JsonMappingException e) {
        at.problem(pathOf(e, key), typeMessage(at, e, key));
        failed = true;
      } catch (IOException | IllegalArgumentException e) {
        at.problem(key, "cannot be read: " + e.getMessage());
        failed = true;
      }
    }
    return failed;
  }

  /** Where {@code e} happened, as a key of the mapping: below {@code key} (empty: the mapping). */
  private static String pathOf(JsonMappingException e, String key) {
    StringBuilder path = new StringBuilder(key);
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        path.append(path.length() == 0 ? "" : ".").append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return path.toString();
  }

  /** What is wrong, for {@code e} that happened below {@code key} (empty: this mapping). */
  private static String typeMessage(ConfigNode at, JsonMappingException e, String key) {
    if (e instanceof UnrecognizedPropertyException u) {
      return UnknownKeys.message(
          u.getPropertyName(),
          u.getKnownPropertyIds().stream()
              .map(String::valueOf)
              .map(SNAKE::translate)
              .sorted()
              .toList());
    }
    JsonNode value = key.isEmpty() ? at.json() : at.json().path(key);
    for (JsonMappingException.Reference ref : e.getPath()) {
      value =
          ref.getFieldName() != null ? value.path(ref.getFieldName()) : value.path(ref.getIndex());
    }
    String got = value.isMissingNode() ? "" : " (got " + value + ")";
    if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
      if (m.getTargetType() == String.class && value.isContainerNode()) {
        // Not quoted: a secret key (api_key) given as a list or mapping would show the secret.
        return "must be a string, not " + (value.isArray() ? "a list" : "a mapping");
      }
      return "must be " + describe(m.getTargetType()) + got;
    }
    return "has the wrong type" + got;
  }

  private static String describe(Class<?> type) {
    if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
      return "an integer";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (List.class.isAssignableFrom(type) || Set.class.isAssignableFrom(type)) {
      return "a list";
    }
    if (Map.class.isAssignableFrom(type) || type.isRecord()) {
      return "a mapping";
    }
    if (type == String.class) {
      return "a string";
    }
    return "a " + type.getSimpleName();
  }
}
