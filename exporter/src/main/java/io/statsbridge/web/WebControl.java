package io.statsbridge.web;

import io.statsbridge.poll.QueryStatus;
import java.util.List;

/** What the HTTP endpoints need from the running exporter. */
public interface WebControl {
  boolean ready();

  List<QueryStatus> statuses();

  /** Loads the config again; returns the problems, empty on success. */
  List<String> reload();
}
