package gg.suggestions.deploy.runtime;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Checks that the ports the platform will listen on are free, before anything starts. */
final class Ports {

  private Ports() {}

  /**
   * @param port the port; 0 means "any free port" and always passes
   * @param loopbackOnly whether the service binds to 127.0.0.1 rather than every interface
   * @param user what needs the port, for the message
   * @param setting the environment variable that changes it, for the message
   */
  static void requireFree(int port, boolean loopbackOnly, String user, String setting)
      throws StartupProblem {
    if (port == 0) {
      return;
    }
    if (port < 0 || port > 65535) {
      throw new StartupProblem(
          "Port "
              + port
              + " for the "
              + user
              + " is not a valid port; set "
              + setting
              + " to 1-65535");
    }
    try (ServerSocket socket = new ServerSocket()) {
      InetAddress address = loopbackOnly ? InetAddress.getLoopbackAddress() : null;
      socket.bind(new InetSocketAddress(address, port));
    } catch (IOException e) {
      throw new StartupProblem(
          "Port "
              + port
              + " is already in use, and the "
              + user
              + " needs it: stop what listens there or set "
              + setting
              + " to a free port");
    }
  }
}
