/** The queue read model: queued items per mode and state, for queue view and queue info. */
package gg.suggestions.query.projection.queue;
