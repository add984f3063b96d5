import com.sun.tools.attach.VirtualMachine;

/**
 * Loads an agent library into a running JVM with its options passed as they are (jcmd's JVMTI.agent_load would split
 * async-profiler's "start,event=cpu,..." at its first '='). Used by bench-engine-cpu.sh:
 * {@code java scripts/AttachProfiler.java PID /path/libasyncProfiler.so start,event=cpu,file=out.txt}.
 */
public final class AttachProfiler {
    public static void main(String[] args) throws Exception {
        VirtualMachine vm = VirtualMachine.attach(args[0]);
        try {
            vm.loadAgentPath(args[1], args[2]);
        } finally {
            vm.detach();
        }
    }
}
