package io.statsbridge.web;

import io.statsbridge.poll.QueryStatus;
import java.util.List;

/** What the HTTP endpoints need from the running exporter. */
public interface WebControl {
  boolean ready();

  List<QueryStatus> statuses();
}
